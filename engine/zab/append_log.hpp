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
// Standard library only; no threads (the engine is single-threaded).
#include <cstddef>
#include <deque>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <vector>

namespace zab {

template <class T>
class AppendLog {
  using Buffer = std::deque<T>;

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
    reference operator*() const { return (*buf_)[i_]; }
    pointer operator->() const { return &(*buf_)[i_]; }
    reference operator[](difference_type n) const { return (*buf_)[static_cast<std::size_t>(static_cast<difference_type>(i_) + n)]; }
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
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t i) const { return (*buf_)[i]; }
  const T& front() const { return (*buf_)[0]; }
  const T& back() const { return (*buf_)[size_ - 1]; }
  const_iterator begin() const { return const_iterator(buf_.get(), 0); }
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
    } else if (size_ < buf_->size()) {
      if ((*buf_)[size_] == v) {  // a replay: what is there already
        ++size_;
        return;
      }
      if (buf_.use_count() == 1) {
        buf_->erase(buf_->begin() + static_cast<difference_type>(size_), buf_->end());  // nobody else sees it
      } else {
        buf_ = std::make_shared<Buffer>(buf_->begin(), buf_->begin() + static_cast<difference_type>(size_));
      }
    }
    buf_->push_back(v);
    ++size_;
  }
  void truncate(std::size_t n) {
    if (n >= size_) return;
    size_ = n;
    if (buf_ && buf_.use_count() == 1) buf_->erase(buf_->begin() + static_cast<difference_type>(n), buf_->end());
  }
  void clear() {
    if (buf_ && buf_.use_count() == 1) buf_->clear();
    else buf_.reset();
    size_ = 0;
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

  friend bool operator==(const AppendLog& a, const AppendLog& b) {
    if (a.size_ != b.size_) return false;
    if (a.buf_ == b.buf_) return true;
    for (std::size_t i = 0; i < a.size_; ++i)
      if (!((*a.buf_)[i] == (*b.buf_)[i])) return false;
    return true;
  }

 private:
  std::shared_ptr<Buffer> buf_;
  std::size_t size_ = 0;
};

}  // namespace zab
