#pragma once

#include <QtGlobal>

#include <algorithm>
#include <ctime>
#include <vector>

// What the CPU-time benches share: this thread's CPU clock (other processes' turns on a shared
// machine do not count) and the median of a run of figures.
namespace feeddeck::bench {

inline qint64 threadCpuNs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace feeddeck::bench
