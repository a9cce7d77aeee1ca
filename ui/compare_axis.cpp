#include "compare_axis.hpp"

#include <algorithm>
#include <cmath>

namespace zabscope {

float AxisWindow::xOf(double t, float left, float right) const {
  return left + static_cast<float>((t - startMs) / spanMs) * (right - left);
}

double AxisWindow::timeAt(float x, float left, float right) const {
  if (right <= left) return startMs;
  return startMs + static_cast<double>((x - left) / (right - left)) * spanMs;
}

void AxisWindow::zoom(double factor, double aroundMs) {
  const double span = std::max(kMinSpanMs, spanMs * factor);
  const double f = spanMs > 0 ? (aroundMs - startMs) / spanMs : 0.5;
  startMs = aroundMs - f * span;
  spanMs = span;
}

void AxisWindow::keepVisible(double t, double marginFraction) {
  const double margin = spanMs * marginFraction;
  if (t < startMs + margin) startMs = t - margin;
  else if (t > endMs() - margin) startMs = t + margin - spanMs;
}

double tickStepMs(double spanMs, float widthPx, float minGapPx) {
  if (widthPx <= 0 || spanMs <= 0) return 1000;
  const double minStep = spanMs * static_cast<double>(minGapPx) / static_cast<double>(widthPx) * (1 - 1e-9);
  double decade = std::pow(10.0, std::floor(std::log10(std::max(minStep, 1e-9))));
  for (;; decade *= 10)
    for (double m : {1.0, 2.0, 5.0})
      if (m * decade >= minStep) return std::max(1.0, m * decade);
}

AxisWindow failoverWindow(std::optional<double> engineElectionMs, std::optional<double> realElectionMs,
                          double firstMs, double lastMs) {
  AxisWindow w;
  if (!engineElectionMs && !realElectionMs) {
    const double span = std::max(kMinSpanMs, lastMs - firstMs);
    w.startMs = firstMs - span * 0.02;
    w.spanMs = span * 1.04;
    return w;
  }
  // The later new leader at about 70% of the width: the sync after it stays in view.
  const double election = std::max({engineElectionMs.value_or(0), realElectionMs.value_or(0), 50.0});
  w.startMs = -election * 0.25;
  w.spanMs = election * 1.75;
  return w;
}

}  // namespace zabscope
