/* A stand-in for a vendor SDT_* library (sdtapi), compiled by the test suite with gcc.
 *
 * Like the real SDKs it speaks GA/T 467 to the reader itself: here over the tty named by the
 * SDTSIM_DEVICE environment variable, where the Python reader simulator answers on a pty.
 * It also exports `unpack`, shaped like the common WLT decoder (libwlt2bmp), which turns the
 * 1024 "WLT" bytes into a deterministic 102x126 24-bit BMP.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int fd = -1;

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int valid_port(int port) { return (port >= 1 && port <= 16) || (port >= 1001 && port <= 1016); }

int SDT_OpenPort(int port) {
    const char *path = getenv("SDTSIM_DEVICE");
    struct termios tio;
    if (!valid_port(port) || path == NULL) return 0x01;
    if (fd >= 0) close(fd);
    fd = open(path, O_RDWR | O_NOCTTY);
    if (fd < 0) return 0x05;
    if (tcgetattr(fd, &tio) == 0) {
        cfmakeraw(&tio);
        cfsetispeed(&tio, B115200);
        cfsetospeed(&tio, B115200);
        tcsetattr(fd, TCSANOW, &tio);
    }
    return 0x90;
}

int SDT_ClosePort(int port) {
    (void)port;
    if (fd >= 0) close(fd);
    fd = -1;
    return 0x90;
}

/* Read exactly n bytes before the deadline; 0 on success. */
static int read_exact(unsigned char *buf, int n, long deadline) {
    int got = 0;
    while (got < n) {
        struct pollfd p = {fd, POLLIN, 0};
        long left = deadline - now_ms();
        if (left <= 0) return -1;
        if (poll(&p, 1, (int)left) <= 0) return -1;
        ssize_t r = read(fd, buf + got, (size_t)(n - got));
        if (r <= 0) return -2;
        got += (int)r;
    }
    return 0;
}

/* Send CMD PARA, receive one answer into out (data after SW3); returns SW3 or an SDK code. */
static int transact(unsigned char cmd, unsigned char para, unsigned char *out, int out_max, int *out_len,
                    int timeout_ms) {
    unsigned char req[10] = {0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, cmd, para, 0};
    unsigned char head[7];
    static unsigned char body[4200];
    int len, i, rc;
    unsigned char chk;
    long deadline = now_ms() + timeout_ms;
    if (fd < 0) return 0x01;
    req[9] = req[5] ^ req[6] ^ req[7] ^ req[8];
    tcflush(fd, TCIFLUSH);
    if (write(fd, req, sizeof req) != (ssize_t)sizeof req) return 0x05;
    rc = read_exact(head, 7, deadline);
    if (rc == -2) return 0x05;
    if (rc) return 0x02;
    if (memcmp(head, req, 5) != 0) return 0x03;
    len = (head[5] << 8) | head[6];
    if (len < 4 || len > (int)sizeof body) return 0x03;
    rc = read_exact(body, len, deadline);
    if (rc == -2) return 0x05;
    if (rc) return 0x02;
    chk = head[5] ^ head[6];
    for (i = 0; i < len - 1; i++) chk ^= body[i];
    if (chk != body[len - 1]) return 0x03;
    *out_len = len - 4 < out_max ? len - 4 : out_max;
    if (out) memcpy(out, body + 3, (size_t)*out_len);
    return body[2];
}

int SDT_StartFindIDCard(int port, unsigned char *manage, int if_open) {
    int n = 0;
    (void)port; (void)if_open;
    return transact(0x20, 0x01, manage, 4, &n, 500);
}

int SDT_SelectIDCard(int port, unsigned char *manage, int if_open) {
    int n = 0;
    (void)port; (void)if_open;
    return transact(0x20, 0x02, manage, 8, &n, 500);
}

int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *text_len, unsigned char *photo,
                    unsigned int *photo_len, int if_open) {
    static unsigned char data[4200];
    int n = 0, rc, tl, pl;
    (void)port; (void)if_open;
    rc = transact(0x30, 0x01, data, sizeof data, &n, 2000);
    if (rc != 0x90) return rc;
    if (n < 4) return 0x03;
    tl = (data[0] << 8) | data[1];
    pl = (data[2] << 8) | data[3];
    if (4 + tl + pl != n) return 0x03;
    memcpy(text, data + 4, (size_t)tl);
    memcpy(photo, data + 4 + tl, (size_t)pl);
    *text_len = (unsigned int)tl;
    *photo_len = (unsigned int)pl;
    return 0x90;
}

int SDT_GetSAMIDToStr(int port, char *out, int if_open) {
    unsigned char d[64];
    int n = 0, rc;
    (void)port; (void)if_open;
    rc = transact(0x12, 0xFF, d, sizeof d, &n, 500);
    if (rc != 0x90 || n < 16) return rc;
    snprintf(out, 64, "%02d.%02d-%u-%09u-%09u", d[0], d[2],
             d[4] | d[5] << 8 | d[6] << 16 | (unsigned)d[7] << 24,
             d[8] | d[9] << 8 | d[10] << 16 | (unsigned)d[11] << 24,
             d[12] | d[13] << 8 | d[14] << 16 | (unsigned)d[15] << 24);
    return 0x90;
}

/* WLT "decoder": a 102x126 BMP whose pixels are derived from the input bytes. */
int unpack(const unsigned char *wlt, unsigned char *bmp, int mode) {
    const int w = 102, h = 126, row = 308, size = 54 + row * 126;
    int x, y;
    if (mode != 708) return -1;
    memset(bmp, 0, (size_t)size);
    bmp[0] = 'B'; bmp[1] = 'M';
    bmp[2] = size & 0xFF; bmp[3] = (size >> 8) & 0xFF;
    bmp[10] = 54; bmp[14] = 40;
    bmp[18] = w; bmp[22] = h;
    bmp[26] = 1; bmp[28] = 24;
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            unsigned char v = wlt[(y * w + x) % 1024];
            unsigned char *px = bmp + 54 + y * row + x * 3;
            px[0] = v; px[1] = (unsigned char)(x * 2); px[2] = (unsigned char)(y * 2);
        }
    return 1;
}
