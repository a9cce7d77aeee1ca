#pragma once
// A persistent append-only sequence: copies share their elements, so copying a Simulation
// (a GUI checkpoint) costs what changed since the last copy, not the whole run.
//
// Each copy is (shared buffer, its own length). Elements [0, size()) of the buffer never
// change while a copy refers to them; only the tail beyond every holder's length moves.
// - copy: O(1), shares the buffer;
// - push_back at the buffer's end: appended in place (shorter copies do not see it);
// - push_back behind the buffer's end of a value equal to the one already there: just a
//   longer view (a deterministic replay from a checkpoint re-appends exactly what is there,
//   and keeps sharing);
// - push_back of a different value there: the tail is cut in place when no other copy holds
//   the buffer, otherwise this copy gets a buffer of its own (its first size() elements);
// - truncate: a shorter view (the elements are freed in place when nobody else holds them).
// - forgetFront(n): elements [0, n) are no longer kept in memory. Indices stay what they were
//   (size() still counts every element ever appended); reading below firstKept() is an error.
//   A buffer nobody else holds frees them at once; a shared one (a checkpoint still shows
//   them) is left alone, and this copy moves to a buffer of its own once the forgotten part
//   outweighs what it keeps, so the cost stays O(1) per element, amortised.
// Standard library only; no threads (the engine is single-threaded).
#include <algorithm>
#include <cstddef>
#include <deque>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <vector>

namespace zab {

template <class T>
class AppendLog {
  // The elements from logical index `base` on (those before were forgotten).
  struct Buffer {
    std::deque<T> items;
    std::size_t base = 0;
    const T& at(std::size_t i) const { return items[i - base]; }
    std::size_t end() const { return base + items.size(); }
  };

 public:
  using value_type = T;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using const_reference = const T&;
  using reference = const T&;  // elements are immutable once appended

  // A random-access iterator over one copy's view.
  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    const_iterator() = default;
    reference operator*() const { return buf_->at(i_); }
    pointer operator->() const { return &buf_->at(i_); }
    reference operator[](difference_type n) const { return buf_->at(static_cast<std::size_t>(static_cast<difference_type>(i_) + n)); }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { auto t = *this; ++i_; return t; }
    const_iterator& operator--() { --i_; return *this; }
    const_iterator operator--(int) { auto t = *this; --i_; return t; }
    const_iterator& operator+=(difference_type n) { i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + n); return *this; }
    const_iterator& operator-=(difference_type n) { return *this += -n; }
    friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
    friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
    friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }
    friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.i_ <=> b.i_; }

   private:
    friend class AppendLog;
    const_iterator(const Buffer* buf, std::size_t i) : buf_(buf), i_(i) {}
    const Buffer* buf_ = nullptr;
    std::size_t i_ = 0;
  };
  using iterator = const_iterator;

  AppendLog() = default;
  AppendLog(std::initializer_list<T> values) { assign(values.begin(), values.end()); }
  explicit AppendLog(const std::vector<T>& values) { assign(values.begin(), values.end()); }

  // ---- reading ----
  // Every element ever appended (minus truncations), the forgotten ones included.
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The first index still kept in memory (0 unless forgetFront was called); begin() starts there.
  std::size_t firstKept() const { return start_; }
  std::size_t keptSize() const { return size_ - start_; }
  const T& operator[](std::size_t i) const { return buf_->at(i); }  // i >= firstKept()
  const T& front() const { return buf_->at(start_); }                // the oldest element kept
  const T& back() const { return buf_->at(size_ - 1); }
  const_iterator begin() const { return const_iterator(buf_.get(), start_); }
  const_iterator end() const { return const_iterator(buf_.get(), size_); }
  std::vector<T> toVector() const { return std::vector<T>(begin(), end()); }

  // True when `older`'s elements are the first older.size() elements of this copy because
  // both views share one buffer (no comparison of elements). Incremental readers use it.
  bool extends(const AppendLog& older) const {
    return older.size_ == 0 || (buf_ == older.buf_ && size_ >= older.size_);
  }
  // Copies that share elements with this one (tests, debugging).
  long shareCount() const { return buf_ ? buf_.use_count() : 0; }

  // ---- writing ----
  void push_back(const T& v) {
    if (!buf_) {
      buf_ = std::make_shared<Buffer>();
      buf_->base = size_;
    } else if (size_ < buf_->end()) {
      if (buf_->at(size_) == v) {  // a replay: what is there already
        ++size_;
        return;
      }
      if (buf_.use_count() == 1) eraseTail(size_);  // nobody else sees it
      else ownCopy();
    }
    buf_->items.push_back(v);
    ++size_;
  }
  // n < firstKept() cannot be served (those elements are gone): the view becomes empty there.
  void truncate(std::size_t n) {
    if (n >= size_) return;
    size_ = n;
    if (start_ > n) start_ = n;
    if (!buf_) return;
    if (n < buf_->base) {  // into what this buffer no longer holds: nothing is left of it
      if (buf_.use_count() == 1) buf_->items.clear(), buf_->base = n;
      else buf_.reset();
    } else if (buf_.use_count() == 1) {
      eraseTail(n);
    }
  }
  void clear() {
    if (buf_ && buf_.use_count() == 1) {
      buf_->items.clear();
      buf_->base = 0;
    } else {
      buf_.reset();
    }
    size_ = 0;
    start_ = 0;
  }
  void forgetFront(std::size_t n) {
    if (n > size_) n = size_;
    if (n <= start_) return;
    start_ = n;
    if (!buf_) return;
    if (buf_.use_count() == 1) {
      const std::size_t drop = std::min(n, buf_->end()) - buf_->base;
      buf_->items.erase(buf_->items.begin(), buf_->items.begin() + static_cast<difference_type>(drop));
      buf_->base += drop;
    } else if (start_ - buf_->base >= keptSize()) {
      ownCopy();
    }
  }
  template <class It>
  void assign(It first, It last) {
    clear();
    for (; first != last; ++first) push_back(*first);
  }
  template <class Range>
  void assign(const Range& r) {
    assign(std::begin(r), std::end(r));
  }

  // Equal: the same length, the same first kept index and equal kept elements.
  friend bool operator==(const AppendLog& a, const AppendLog& b) {
    if (a.size_ != b.size_ || a.start_ != b.start_) return false;
    if (a.buf_ == b.buf_) return true;
    for (std::size_t i = a.start_; i < a.size_; ++i)
      if (!(a.buf_->at(i) == b.buf_->at(i))) return false;
    return true;
  }

 private:
  void eraseTail(std::size_t n) {
    buf_->items.erase(buf_->items.begin() + static_cast<difference_type>(n - buf_->base), buf_->items.end());
  }
  // This copy's kept elements [start_, size_) in a buffer of its own.
  void ownCopy() {
    auto own = std::make_shared<Buffer>();
    own->base = start_;
    own->items.assign(begin(), end());
    buf_ = std::move(own);
  }

  std::shared_ptr<Buffer> buf_;
  std::size_t size_ = 0;
  std::size_t start_ = 0;  // elements below it are forgotten
};

}  // namespace zab
