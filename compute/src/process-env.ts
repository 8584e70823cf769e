/**
 * Environment the compute process starts with. glibc reads it before any code runs, so the process
 * cannot set it for itself: Dockerfile.compute's runtime stage sets the same (a test holds them
 * equal), the local stack starts compute with it, and the benchmark runs the engine with it.
 *
 * MALLOC_ARENA_MAX=1: glibc gives each thread that allocates its own malloc arena (up to eight per
 * core), and memory freed in one arena serves only that arena. A job's worker threads (the
 * profiler's column groups, the PII scan's ranges, key-identifier's scan) and libuv's file-reading
 * threads each kept what they had freed, which the rest of the job could not reuse. With one arena,
 * measured in pairs on a 1M-row file: profile-my-data 273/260 → 236/250 MiB, clean-my-data 314/309
 * → 264/285 MiB, 1M person records 503/496 → 477/479 MiB, CPU time unchanged; two jobs at once in
 * one compute process (four 60 MB profile tasks) peak 709–744 → 668–688 MiB, 26–34 s → 31–34 s.
 */
export const COMPUTE_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: "1" };
