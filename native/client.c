/*
 * compile-cache native client: the shims (cc, c++, gcc, g++, clang, clang++) and
 * compile-cache-launcher, as one small program. It sends the compile (cwd, argv, environment, whether
 * stderr is a terminal) to the compile server of the cache directory over a Unix socket and replays
 * the answer: the compiler's stdout and stderr and its exit status or signal, or it execs the real
 * compiler itself when the server says so. A hit thus costs this program's start and one round trip,
 * not a Node start. See docs/server.md (the protocol, the socket's location, the fallbacks).
 *
 * The cache never fails a build: when the server cannot be reached or started, hangs, answers
 * nonsense or dies mid-request, this program runs the real compiler itself (found on PATH, never one
 * of our own shims) and counts it in the statistics (<state dir>/stats/events).
 *
 * C99 + POSIX, no dependencies. Built by src/compiler/native-client.ts with the system compiler:
 *   cc -O2 -DCOMPILE_CACHE_NODE='"/path/node"' -DCOMPILE_CACHE_BUNDLE='"/path/index.js"' client.c
 */
#define _POSIX_C_SOURCE 200809L
#ifdef __APPLE__
#define _DARWIN_C_SOURCE /* SO_NOSIGPIPE, which _POSIX_C_SOURCE hides */
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef COMPILE_CACHE_NODE
#define COMPILE_CACHE_NODE ""
#endif
#ifndef COMPILE_CACHE_BUNDLE
#define COMPILE_CACHE_BUNDLE ""
#endif
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* macOS: SO_NOSIGPIPE is set on the socket instead */
#endif

extern char **environ;

#define PROTOCOL_VERSION 1
#define LAUNCHER_NAME "compile-cache-launcher"
#define MAX_SOCKET_PATH 100
#define MAX_OURS_SIZE (512 * 1024)
/* How src/compiler/compilers.ts (ourFileKind) and this program recognise the client, copies too. */
#define NATIVE_MARKER_TEXT "\n# compile-cache native client (shims and launcher)\n"
static const char NATIVE_MARKER[] = NATIVE_MARKER_TEXT;
#ifdef __ELF__
/* The marker again, as an ELF note: linkers put notes in the file's first page, where ours() and
   ourFileKind look before anything else. A statically linked client is larger than they read whole,
   and the marker's other copy (above) sits half a megabyte in. */
__attribute__((section(".note.compile-cache"), used, aligned(4))) static const struct {
  uint32_t namesz, descsz, type;
  char name[16];
  char desc[(sizeof NATIVE_MARKER_TEXT + 3) & ~3u];
} native_note = {sizeof "compile-cache", sizeof NATIVE_MARKER_TEXT, 1, "compile-cache", NATIVE_MARKER_TEXT};
#endif
static const char SHIM_MARKER[] = "# compile-cache shim";
static const char LAUNCHER_MARKER[] = "# compile-cache launcher";

enum answer { A_HEARTBEAT = 0, A_DONE = 1, A_RUN = 2, A_DIRECT = 3, A_ERROR = 4 };

static int launcher_mode;
static const char *self_name;
static char cwd[4096];
static char cache_dir[4096];
static long timeout_ms = 10000;
static double t_start, t_connected, t_answered;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static int env_true(const char *name) {
  const char *v = getenv(name);
  if (!v) return 0;
  while (*v == ' ' || *v == '\t') v++;
  const char *words[] = {"1", "true", "yes", "on"};
  for (int i = 0; i < 4; i++) {
    size_t n = strlen(words[i]), k;
    for (k = 0; k < n && v[k] && (v[k] | 0x20) == (words[i][k] | 0x20); k++) {}
    if (k == n) {
      const char *r = v + n;
      while (*r == ' ' || *r == '\t' || *r == '\n') r++;
      if (!*r) return 1;
    }
  }
  return 0;
}

static const void *find_bytes(const void *hay, size_t hn, const void *needle, size_t nn) {
  const unsigned char *h = hay;
  if (nn == 0 || hn < nn) return NULL;
  for (size_t i = 0; i + nn <= hn; i++)
    if (h[i] == *(const unsigned char *)needle && memcmp(h + i, needle, nn) == 0) return h + i;
  return NULL;
}

/* ---- paths ---- */

/* path.resolve(base, p): absolute, no "", "." or ".." components, no trailing slash. */
static int resolve_path(const char *base, const char *p, char *out, size_t n) {
  char tmp[8192];
  int k = p[0] == '/' ? snprintf(tmp, sizeof tmp, "%s", p) : snprintf(tmp, sizeof tmp, "%s/%s", base, p);
  if (k < 0 || (size_t)k >= sizeof tmp) return -1;
  size_t len = 0;
  out[0] = '\0';
  for (char *s = tmp, *e; *s; s = e) {
    while (*s == '/') s++;
    for (e = s; *e && *e != '/'; e++) {}
    size_t c = (size_t)(e - s);
    if (c == 0 || (c == 1 && s[0] == '.')) continue;
    if (c == 2 && s[0] == '.' && s[1] == '.') {
      while (len > 0 && out[len - 1] != '/') len--;
      if (len > 0) len--;
      out[len] = '\0';
      continue;
    }
    if (len + 1 + c + 1 > n) return -1;
    out[len++] = '/';
    memcpy(out + len, s, c);
    len += c;
    out[len] = '\0';
  }
  if (len == 0) snprintf(out, n, "/");
  return 0;
}

/* cacheDirFrom in src/wrapper-bundle.ts, resolved against the working directory. */
static int find_cache_dir(void) {
  const char *d = getenv("COMPILE_CACHE_DIR");
  char tmp[4096];
  if (d && *d) return resolve_path(cwd, d, cache_dir, sizeof cache_dir);
  const char *x = getenv("XDG_CACHE_HOME");
  if (x && *x) {
    if (snprintf(tmp, sizeof tmp, "%s/compile-cache", x) >= (int)sizeof tmp) return -1;
  } else {
    const char *h = getenv("HOME");
    if (!h || !*h) return -1; /* main() hands such a call to the Node wrapper first */
    if (snprintf(tmp, sizeof tmp, "%s/.cache/compile-cache", h) >= (int)sizeof tmp) return -1;
  }
  return resolve_path(cwd, tmp, cache_dir, sizeof cache_dir);
}

/* ---- SHA-256 (FIPS 180-4), for the socket's name ---- */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const unsigned char *p) {
  uint32_t w[64], a, b, c, d, e, f, g, k, t1, t2;
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
  for (int i = 16; i < 64; i++)
    w[i] = w[i - 16] + (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 7] +
           (ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
  a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (int i = 0; i < 64; i++) {
    t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
    t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

static void sha256_hex16(const char *s, char out[17]) {
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  size_t n = strlen(s), i;
  unsigned char blk[64];
  for (i = 0; i + 64 <= n; i += 64) sha256_block(h, (const unsigned char *)s + i);
  size_t r = n - i;
  memset(blk, 0, 64);
  memcpy(blk, s + i, r);
  blk[r] = 0x80;
  if (r >= 56) {
    sha256_block(h, blk);
    memset(blk, 0, 64);
  }
  uint64_t bits = (uint64_t)n * 8;
  for (int j = 0; j < 8; j++) blk[63 - j] = (unsigned char)(bits >> (8 * j));
  sha256_block(h, blk);
  for (int j = 0; j < 8; j++) snprintf(out + 2 * j, 3, "%02x", (unsigned)(h[j / 4] >> (24 - 8 * (j % 4))) & 0xff);
}

/* src/server/socket-path.ts: <base>/compile-cache-<uid>/<16 hex>-v<version>.sock */
static int socket_path(char *dir, size_t dn, char *sock, size_t sn) {
  char hex[17], base[4096] = "/tmp";
  sha256_hex16(cache_dir, hex);
  const char *x = getenv("XDG_RUNTIME_DIR");
  struct stat st;
  if (x && x[0] == '/' && (resolve_path("/", x, base, sizeof base) != 0 || stat(base, &st) != 0 || !S_ISDIR(st.st_mode)))
    snprintf(base, sizeof base, "/tmp");
  for (int pass = 0; pass < 2; pass++) {
    snprintf(dir, dn, "%s/compile-cache-%lu", pass ? "/tmp" : base, (unsigned long)getuid());
    int k = snprintf(sock, sn, "%s/%s-v%d.sock", dir, hex, PROTOCOL_VERSION);
    if (k > 0 && k <= MAX_SOCKET_PATH) return 0;
  }
  return -1;
}

/* 0: ours (0700-ish, a real directory of this user); 1: missing; -1: unsafe. */
static int check_dir(const char *dir) {
  struct stat st;
  if (lstat(dir, &st) != 0) return errno == ENOENT ? 1 : -1;
  if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077) != 0) return -1;
  return 0;
}

/* ---- our own files (never run one as "the real compiler") ---- */

static int is_executable(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

/* ELF or Mach-O (both byte orders, fat): a file that may be this program. */
static int is_binary(const unsigned char *h, ssize_t n) {
  return n >= 4 && (memcmp(h, "\177ELF", 4) == 0 || (h[0] & 0xfe) == 0xce || (h[3] & 0xfe) == 0xce ||
                    (h[0] == 0xca && h[1] == 0xfe));
}

/* 0: not ours; 1: a shim; 2: the launcher (the Node scripts by their marker line, this program by its
   marker: in its first page (the ELF note), else anywhere in a file small enough to read whole). */
static int ours(const char *p) {
  int fd = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC), kind = 0;
  struct stat st;
  unsigned char head[4096];
  if (fd < 0) return 0;
  ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, head, sizeof head) : -1;
  if (n >= 2 && head[0] == '#' && head[1] == '!') {
    if (find_bytes(head, (size_t)n, SHIM_MARKER, strlen(SHIM_MARKER))) kind = 1;
    else if (find_bytes(head, (size_t)n, LAUNCHER_MARKER, strlen(LAUNCHER_MARKER))) kind = 2;
  } else if (is_binary(head, n)) {
    int found = find_bytes(head, (size_t)n, NATIVE_MARKER, sizeof NATIVE_MARKER - 1) != NULL;
    if (!found && st.st_size <= MAX_OURS_SIZE) {
      unsigned char *all = malloc((size_t)st.st_size + 1);
      ssize_t got = all ? pread(fd, all, (size_t)st.st_size, 0) : -1;
      found = got > 0 && find_bytes(all, (size_t)got, NATIVE_MARKER, sizeof NATIVE_MARKER - 1) != NULL;
      free(all);
    }
    if (found) kind = strcmp(base_name(p), LAUNCHER_NAME) == 0 ? 2 : 1;
  }
  close(fd);
  return kind;
}

/* The first executable `name` on PATH that is not ours (resolveCompiler in src/compiler/compilers.ts). */
static int find_on_path(const char *name, char *out, size_t n) {
  const char *path = getenv("PATH");
  char dir[4096], cand[8192];
  if (!path) path = "";
  for (const char *s = path;; s++) {
    const char *e = strchr(s, ':');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len < sizeof dir) {
      memcpy(dir, s, len);
      dir[len] = '\0';
      if (len == 0) snprintf(dir, sizeof dir, ".");
      snprintf(cand, sizeof cand, "%s/%s", dir, name);
      if (is_executable(cand) && !ours(cand) && resolve_path(cwd, cand, out, n) == 0) return 0;
    }
    if (!e) return -1;
    s = e;
  }
}

/* ---- running the real compiler ourselves ---- */

static void exec_compiler(const char *compiler, char **args) {
  setenv("COMPILE_CACHE_WRAPPED", "1", 1);
  args[0] = (char *)compiler;
  execv(compiler, args);
  int e = errno;
  fprintf(stderr, "compile-cache: cannot run %s: %s\n", compiler, strerror(e));
  exit(e == ENOENT ? 127 : e == EACCES ? 126 : 1);
}

/* No server (nested, disabled, unavailable): resolve the real compiler as the Node wrapper would, exec it. */
static void run_direct(int argc, char **argv) {
  char found[4096];
  char **args = argv;
  const char *req = self_name;
  if (launcher_mode) {
    args = argv + 1;
    req = argv[1];
    /* `launcher launcher gcc …`: drop the extra launchers. */
    while (req && strchr(req, '/') && ours(req) == 2) req = *++args;
    if (!req) {
      fprintf(stderr, "compile-cache: the launcher needs a compiler: compile-cache-launcher <compiler> <args...>\n");
      exit(2);
    }
  }
  (void)argc;
  if (strchr(req, '/') && !ours(req)) exec_compiler(req, args);
  if (find_on_path(base_name(req), found, sizeof found) != 0) {
    fprintf(stderr, "compile-cache: %s: no real compiler of that name on PATH (shims skipped)\n", base_name(req));
    exit(127);
  }
  exec_compiler(found, args);
}

/* mkdir each missing component of an absolute path (the user's trusted base), one try each. */
static int make_dirs(const char *p) {
  char tmp[4096];
  struct stat st;
  if (snprintf(tmp, sizeof tmp, "%s", p) >= (int)sizeof tmp) return -1;
  for (char *s = tmp + 1;; s++) {
    if (*s == '/' || !*s) {
      char c = *s;
      *s = '\0';
      if (mkdir(tmp, 0700) != 0 && errno != EEXIST) return -1;
      *s = c;
      if (!c) break;
    }
  }
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

/* <state dir>/stats/events (src/store/state-dir.ts, src/compiler/stats.ts): below the trusted base,
   every component is made 0700 and must be a real directory (lstat: never through a symlink); the
   file is opened O_NOFOLLOW|O_NONBLOCK and must be a regular file with one link. One write. */
static void count(const char *kind) {
  char base[4096], path[4600], line[128], hex[17];
  const char *parts[4] = {"compile-cache", hex, "stats", NULL};
  struct stat st;
  if (!cache_dir[0]) return;
  const char *x = getenv("COMPILE_CACHE_STATE_DIR");
  if (x && *x) {
    if (resolve_path(cwd, x, base, sizeof base) != 0) return;
    parts[0] = "stats", parts[1] = NULL;
  } else {
    x = getenv("XDG_STATE_HOME");
    const char *h = getenv("HOME");
    if (x && x[0] == '/') {
      if (resolve_path("/", x, base, sizeof base) != 0) return;
    } else if (!h || !*h || snprintf(base, sizeof base, "%s/.local/state", h) >= (int)sizeof base) return;
    sha256_hex16(cache_dir, hex);
  }
  if (make_dirs(base) != 0) return;
  snprintf(path, sizeof path, "%s", base);
  for (int i = 0; parts[i]; i++) {
    size_t len = strlen(path);
    snprintf(path + len, sizeof path - len, "/%s", parts[i]);
    if (lstat(path, &st) != 0 && (mkdir(path, 0700) != 0 || lstat(path, &st) != 0)) return;
    if (!S_ISDIR(st.st_mode)) return;
  }
  size_t len = strlen(path);
  snprintf(path + len, sizeof path - len, "/events");
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
  if (fd < 0) return;
  int n = snprintf(line, sizeof line, "error server-%s\nuncacheable server-unavailable\n", kind);
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1 && write(fd, line, (size_t)n) < 0) {}
  close(fd);
}

static void fall_back(const char *why, int argc, char **argv) {
  count(why);
  run_direct(argc, argv);
}

/* ---- the server ---- */

static void start_server(const char *dir, const char *sock) {
  if (!*COMPILE_CACHE_NODE || !*COMPILE_CACHE_BUNDLE) return;
  char log[4200];
  snprintf(log, sizeof log, "%.*s.log", (int)(strlen(sock) - 5), sock);
  pid_t p = fork();
  if (p < 0) return;
  if (p == 0) {
    /* Detached twice over: no zombie under the compile, no terminal, none of the build's fds
       (a pipe held open by the server would keep `make | tee` waiting). */
    setsid();
    if (fork() != 0) _exit(0);
    int nul = open("/dev/null", O_RDWR);
    int lf = check_dir(dir) == 0 ? open(log, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0600) : -1;
    dup2(nul, 0);
    dup2(nul, 1);
    dup2(lf >= 0 ? lf : nul, 2);
    long max = sysconf(_SC_OPEN_MAX);
    for (long fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++) close((int)fd);
    if (chdir("/") != 0) {}
    setenv("COMPILE_CACHE_DIR", cache_dir, 1);
    execl(COMPILE_CACHE_NODE, COMPILE_CACHE_NODE, COMPILE_CACHE_BUNDLE, "server", (char *)NULL);
    _exit(127);
  }
  waitpid(p, NULL, 0);
}

static int wait_fd(int fd, short ev, double deadline) {
  for (;;) {
    double left = deadline - now_ms();
    if (left <= 0) return -1;
    struct pollfd pfd = {fd, ev, 0};
    int r = poll(&pfd, 1, (int)left + 1);
    if (r > 0) return 0;
    if (r < 0 && errno != EINTR) return -1;
  }
}

/* A connected socket, or -1 (errno ENOENT/ECONNREFUSED: nobody listens; other: trouble). */
static int connect_to(const char *sock, double deadline) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  size_t n = strlen(sock); /* at most MAX_SOCKET_PATH: checked by socket_path */
  memcpy(a.sun_path, sock, n < sizeof a.sun_path ? n : sizeof a.sun_path - 1);
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  fcntl(fd, F_SETFL, O_NONBLOCK);
#ifdef SO_NOSIGPIPE
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
  for (;;) {
    if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) return fd;
    if (errno == EINPROGRESS) {
      int err = 0;
      socklen_t len = sizeof err;
      if (wait_fd(fd, POLLOUT, deadline) == 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && !err)
        return fd;
      errno = err ? err : ETIMEDOUT;
    } else if (errno == EAGAIN && now_ms() < deadline) { /* Linux: the backlog is full */
      struct timespec ts = {0, 2000000};
      nanosleep(&ts, NULL);
      continue;
    }
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
}

static int send_all(int fd, const unsigned char *p, size_t n, double deadline) {
  while (n > 0) {
    ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
    if (k > 0) p += k, n -= (size_t)k;
    else if (k < 0 && errno == EINTR) continue;
    else if (k < 0 && errno == EAGAIN) {
      if (wait_fd(fd, POLLOUT, deadline) != 0) return -1;
    } else return -1;
  }
  return 0;
}

/* Reads exactly n bytes; the deadline moves with every byte (a silent server is a hung one). 0, or -1 with `why` set. */
static int recv_all(int fd, unsigned char *p, size_t n, const char **why) {
  double deadline = now_ms() + timeout_ms;
  while (n > 0) {
    ssize_t k = recv(fd, p, n, 0);
    if (k > 0) p += k, n -= (size_t)k, deadline = now_ms() + timeout_ms;
    else if (k == 0) return *why = "lost", -1;
    else if (errno == EINTR) continue;
    else if (errno == EAGAIN) {
      if (wait_fd(fd, POLLIN, deadline) != 0) return *why = "timeout", -1;
    } else return *why = "lost", -1;
  }
  return 0;
}

static void put32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}
static uint32_t get32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

struct buf {
  unsigned char *p;
  size_t len;
};
static void put_str(struct buf *b, const char *s, size_t n) {
  put32(b->p + b->len, (uint32_t)n);
  memcpy(b->p + b->len + 4, s, n);
  b->len += 4 + n;
}

/* A length-prefixed field of an answer body; NULL when it runs past the end. */
static const unsigned char *take(const unsigned char **p, const unsigned char *end, uint32_t *n) {
  if (end - *p < 4) return NULL;
  *n = get32(*p);
  if ((size_t)(end - *p - 4) < *n) return NULL;
  const unsigned char *s = *p + 4;
  *p = s + *n;
  return s;
}

static int write_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t k = write(fd, p, n);
    if (k > 0) p += k, n -= (size_t)k;
    else if (k < 0 && errno == EAGAIN) {
      struct pollfd pfd = {fd, POLLOUT, 0};
      poll(&pfd, 1, -1);
    } else if (!(k < 0 && errno == EINTR)) return -1;
  }
  return 0;
}

static void timing(void) {
  const char *f = getenv("COMPILE_CACHE_CLIENT_TIMING");
  if (!f || !*f) return;
  FILE *o = fopen(f, "a");
  if (!o) return;
  double end = now_ms();
  fprintf(o, "connect %.3f server %.3f replay %.3f\n", t_connected - t_start, t_answered - t_connected, end - t_answered);
  fclose(o);
}

/* Where the build found us (make ran `cc`: argv[0] has no directory): Linux says; elsewhere, the first
   PATH entry of our name that is ours. */
static int find_self(char *out, size_t n) {
  char exe[4096];
  ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (k > 0) {
    exe[k] = '\0';
    *strrchr(exe, '/') = '\0';
    snprintf(out, n, "%s/%s", exe, self_name);
    return 0;
  }
  const char *path = getenv("PATH");
  for (const char *s = path ? path : ""; *s; s++) {
    const char *e = strchr(s, ':');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    snprintf(out, n, "%.*s/%s", (int)len, s, self_name);
    if (len > 0 && ours(out)) return 0;
    if (!e) break;
    s = e;
  }
  return -1;
}

/* Sends the compile, acts on the answer; returns (to fall back) only when the server cannot answer. */
static const char *via_server(int argc, char **argv) {
  char dir[4200], sock[4300], self[8192];
  if (find_cache_dir() != 0) return "cache-dir";
  if (socket_path(dir, sizeof dir, sock, sizeof sock) != 0) return "socket-path";
  double deadline = now_ms() + timeout_ms;
  int state = check_dir(dir), started = 0, fd = -1;
  if (state < 0) return "dir-unsafe";
  for (;;) {
    if (state == 0) {
      fd = connect_to(sock, deadline);
      if (fd >= 0) break;
      if (errno != ENOENT && errno != ECONNREFUSED) return "unreachable";
    }
    if (!started) {
      /* Made here (0700) so that the server's log can go in it; checked again like any other. */
      if (state == 1 && mkdir(dir, 0700) != 0 && errno != EEXIST) return "unreachable";
      if (check_dir(dir) < 0) return "dir-unsafe";
      start_server(dir, sock);
      started = 1;
    }
    if (now_ms() >= deadline) return "unreachable";
    struct timespec ts = {0, 5000000};
    nanosleep(&ts, NULL);
    state = check_dir(dir);
    if (state < 0) return "dir-unsafe";
  }
  t_connected = now_ms();

  /* invokedAs: in shim mode the shim's path (the server skips its directory on PATH). */
  const char *invoked = argv[0];
  if (!launcher_mode && !strchr(argv[0], '/') && find_self(self, sizeof self) == 0) invoked = self;

  size_t size = 4 + 4 + 1 + 1 + 4 + strlen(invoked) + 4 + strlen(cwd) + 4 + 4;
  for (int i = 1; i < argc; i++) size += 4 + strlen(argv[i]);
  for (char **e = environ; *e; e++) size += 4 + strlen(*e);
  struct buf b = {malloc(size), 4};
  if (!b.p) return "memory";
  put32(b.p + 4, PROTOCOL_VERSION);
  b.p[8] = 1;
  b.p[9] = (unsigned char)((isatty(2) ? 1 : 0) | (launcher_mode ? 2 : 0));
  b.len = 10;
  put_str(&b, invoked, strlen(invoked));
  put_str(&b, cwd, strlen(cwd));
  put32(b.p + b.len, (uint32_t)(argc - 1));
  b.len += 4;
  for (int i = 1; i < argc; i++) put_str(&b, argv[i], strlen(argv[i]));
  size_t envc = 0;
  for (char **e = environ; *e; e++) envc++;
  put32(b.p + b.len, (uint32_t)envc);
  b.len += 4;
  for (char **e = environ; *e; e++) put_str(&b, *e, strlen(*e));
  put32(b.p, (uint32_t)(b.len - 4));
  if (send_all(fd, b.p, b.len, now_ms() + timeout_ms) != 0) return "lost";
  free(b.p);

  const char *why = NULL;
  unsigned char head[4], *body = NULL;
  uint32_t len;
  for (;;) {
    if (recv_all(fd, head, 4, &why) != 0) return why;
    len = get32(head);
    if (len < 1 || len > 0x80200000u) return "protocol";
    free(body);
    body = malloc(len);
    if (!body) return "memory";
    if (recv_all(fd, body, len, &why) != 0) return why;
    if (body[0] != A_HEARTBEAT) break;
  }
  close(fd);
  t_answered = now_ms();
  const unsigned char *p = body + 1, *end = body + len, *s1, *s2;
  uint32_t n1, n2;
  switch (body[0]) {
  case A_DONE: {
    if (end - p < 8) return "protocol";
    uint32_t status = get32(p), sig = get32(p + 4);
    p += 8;
    if (!(s1 = take(&p, end, &n1)) || !(s2 = take(&p, end, &n2)) || p != end) return "protocol";
    write_all(1, s1, n1);
    write_all(2, s2, n2);
    timing();
    if (sig != 0) {
      signal((int)sig, SIG_DFL);
      raise((int)sig);
      exit(128 + (int)sig);
    }
    exit((int)(status & 0xff));
  }
  case A_RUN: {
    uint32_t argn;
    if (!(s1 = take(&p, end, &n1)) || end - p < 4) return "protocol";
    argn = get32(p);
    p += 4;
    if (argn > (size_t)(end - p) / 4) return "protocol";
    char **args = calloc(argn + 2, sizeof *args);
    char *compiler = strndup((const char *)s1, n1);
    if (!args || !compiler) return "memory";
    for (uint32_t i = 0; i < argn; i++) {
      if (!(s2 = take(&p, end, &n2)) || !(args[i + 1] = strndup((const char *)s2, n2))) return "protocol";
    }
    timing();
    exec_compiler(compiler, args);
    return "exec"; /* not reached */
  }
  case A_DIRECT:
    timing();
    run_direct(argc, argv); /* counted by the server */
    return "exec";
  case A_ERROR:
    return "refused";
  default:
    return "protocol";
  }
}

/* Where the cache or state directory would come from the home directory (src/store/config.ts,
   src/store/state-dir.ts) and HOME does not say it. Node then asks the user database (getpwuid),
   which this program does not: glibc loads that code at run time, and a statically linked client
   must not depend on the machine's libc being the one it was built with. Such a call goes to the
   Node wrapper, which finds the same directories as the server (rare: CI and shells set HOME). */
static int needs_user_database(void) {
  const char *h = getenv("HOME");
  if (h && *h) return 0;
  const char *d = getenv("COMPILE_CACHE_DIR"), *x = getenv("XDG_CACHE_HOME");
  const char *sd = getenv("COMPILE_CACHE_STATE_DIR"), *xs = getenv("XDG_STATE_HOME");
  int cache_needs = !(d && *d) && !(x && *x);
  int state_needs = !(sd && *sd) && !(xs && xs[0] == '/');
  return cache_needs || state_needs;
}

/* COMPILE_CACHE_SERVER=0: today's Node wrapper instead of the server (for comparison and as a way out). */
static void exec_node_wrapper(int argc, char **argv) {
  char **args = calloc((size_t)argc + 4, sizeof *args);
  int k = 0;
  if (!args || !*COMPILE_CACHE_NODE) return;
  args[k++] = COMPILE_CACHE_NODE;
  args[k++] = COMPILE_CACHE_BUNDLE;
  args[k++] = launcher_mode ? "wrap" : "--shim";
  if (!launcher_mode) args[k++] = argv[0];
  for (int i = 1; i < argc; i++) args[k++] = argv[i];
  execv(COMPILE_CACHE_NODE, args);
}

int main(int argc, char **argv) {
  t_start = now_ms();
  self_name = base_name(argc > 0 ? argv[0] : "cc");
  launcher_mode = strcmp(self_name, LAUNCHER_NAME) == 0;
  /* What the installer runs to prove the binary works (no compiler takes this option). */
  if (argc == 2 && strcmp(argv[1], "--compile-cache-self-test") == 0) {
    printf("%s%s\n%s\n", NATIVE_MARKER + 1, COMPILE_CACHE_NODE, COMPILE_CACHE_BUNDLE);
    return 0;
  }
  if (launcher_mode && argc < 2) {
    fprintf(stderr, "compile-cache: the launcher needs a compiler: compile-cache-launcher <compiler> <args...>\n");
    return 2;
  }
  if (!getcwd(cwd, sizeof cwd) || getenv("COMPILE_CACHE_WRAPPED") || env_true("COMPILE_CACHE_DISABLE"))
    run_direct(argc, argv); /* nested or disabled: not counted, as today */
  const char *t = getenv("COMPILE_CACHE_SERVER_TIMEOUT_MS");
  if (t && atol(t) > 0) timeout_ms = atol(t);
  const char *srv = getenv("COMPILE_CACHE_SERVER");
  if (needs_user_database() || (srv && (strcmp(srv, "0") == 0 || strcmp(srv, "off") == 0 || strcmp(srv, "false") == 0))) {
    exec_node_wrapper(argc, argv);
    run_direct(argc, argv);
  }
  fall_back(via_server(argc, argv), argc, argv);
  return 1;
}
