// What one timer wake-up of an idle thread costs on this machine: N times, sleep in epoll_pwait2
// for a fixed timeout with nothing to wait for, and report the process's CPU time (user + system)
// per wake-up. The event loops wake like this for every heartbeat tick, so this is the floor under
// a heartbeat's CPU cost here (docs/benchmarks.md). Build and run (bounded: N wake-ups, then exit):
//   gcc -O2 -o /tmp/timerwake src/test/c/timerwake.c && /tmp/timerwake 2000 1000 && /tmp/timerwake 500 10000
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>

static double cpu_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_stime.tv_sec + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: timerwake WAKE_UPS TIMEOUT_MICROS\n");
        return 2;
    }
    long n = atol(argv[1]);
    long us = atol(argv[2]);
    if (n < 1 || n > 1000000 || us < 1 || us > 1000000) {
        fprintf(stderr, "timerwake: WAKE_UPS in 1..1000000, TIMEOUT_MICROS in 1..1000000\n");
        return 2;
    }
    int ep = epoll_create1(0);
    struct epoll_event e;
    struct timespec t0, t1;
    double c0 = cpu_seconds();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < n; i++) {
        struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
        epoll_pwait2(ep, &e, 1, &ts, NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double c = cpu_seconds() - c0;
    double wall = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("timerwake: %ld wake-ups after %ld us idle: %.1f us CPU per wake-up (%.1f us wall each)\n",
            n, us, c / n * 1e6, wall / n * 1e6);
    return 0;
}
