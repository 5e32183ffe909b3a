/*
 * delayline: a userspace delay line between two TUN devices, for pathwatch's network-namespace
 * tests on kernels without netem. It creates TUN devices A and B (no packet info header), then
 * forwards every IP packet read from one to the other after DELAY_MS, keeping order. Because it
 * sits below TCP, SYN and SYN-ACK are delayed too, so connect time shows the delay.
 *
 *   delayline NAME_A NAME_B DELAY_MS      (prints "ready" once both devices exist; ends on SIGTERM)
 *
 * The test moves each device into its own network namespace and addresses them point to point.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_PACKET 65536
#define QUEUE 8192

struct packet {
    long long due;
    int len;
    unsigned char *data;
};

struct queue {
    struct packet items[QUEUE];
    int head;
    int count;
};

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int tun_open(const char *name) {
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK);
    if (fd < 0) {
        perror("open /dev/net/tun");
        exit(1);
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        perror("TUNSETIFF");
        exit(1);
    }
    return fd;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: delayline NAME_A NAME_B DELAY_MS\n");
        return 2;
    }
    int fd[2] = {tun_open(argv[1]), tun_open(argv[2])};
    long long delay = (long long) (atof(argv[3]) * 1000000.0);
    static struct queue q[2]; /* q[i]: read from fd[i], to be written to fd[1 - i] */
    static unsigned char buf[MAX_PACKET];
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        long long now = now_ns();
        long long next = now + 1000000000LL;
        for (int i = 0; i < 2; i++) {
            if (q[i].count > 0 && q[i].items[q[i].head].due < next) {
                next = q[i].items[q[i].head].due;
            }
        }
        long long wait = next > now ? next - now : 0;
        struct timespec ts = {wait / 1000000000LL, wait % 1000000000LL};
        struct pollfd pfd[2] = {{fd[0], POLLIN, 0}, {fd[1], POLLIN, 0}};
        if (ppoll(pfd, 2, &ts, NULL) < 0 && errno != EINTR) {
            perror("ppoll");
            return 1;
        }
        now = now_ns();
        for (int i = 0; i < 2; i++) {
            if (!(pfd[i].revents & POLLIN)) {
                continue;
            }
            int n;
            while ((n = read(fd[i], buf, sizeof buf)) > 0) {
                if (q[i].count == QUEUE) {
                    continue; /* full: drop, as a full link queue does */
                }
                struct packet *p = &q[i].items[(q[i].head + q[i].count) % QUEUE];
                p->due = now + delay;
                p->len = n;
                p->data = malloc(n);
                memcpy(p->data, buf, n);
                q[i].count++;
            }
        }
        now = now_ns();
        for (int i = 0; i < 2; i++) {
            while (q[i].count > 0 && q[i].items[q[i].head].due <= now) {
                struct packet *p = &q[i].items[q[i].head];
                if (write(fd[1 - i], p->data, p->len) < 0 && errno != EAGAIN && errno != EIO) {
                    perror("write");
                }
                free(p->data);
                q[i].head = (q[i].head + 1) % QUEUE;
                q[i].count--;
            }
        }
    }
}
