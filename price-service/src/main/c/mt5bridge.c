/*
 * mt5bridge.c - the production mt5bridge.h: a MetaTrader 5 terminal through MetaQuotes'
 * MetaTrader5 Python package, one worker process per session.
 *
 * mt5b_connect starts `python -u mt5worker.py` (see that file for the line protocol) and logs
 * in through it; every other call is one request and its answer. The package holds one
 * terminal per process, so one worker per session keeps terminals apart, and a worker is the
 * unit that can be killed: a call that has not answered by its deadline kills the worker, the
 * call answers MT5B_E_TIMEOUT and the session stays disconnected until the caller connects
 * again (a new worker). A worker that dies (the terminal crashed and took it along) answers
 * MT5B_E_DISCONNECTED. Nothing here ever blocks past a deadline, and nothing is shared
 * between sessions but the thread-local error of the last failed mt5b_connect.
 *
 * Builds for Linux (gcc) and Windows x64 (mingw-w64); the worker's stderr is the caller's, so
 * a Python traceback lands in price-service's log. The password travels only through the
 * worker's stdin, never on a command line or in an environment variable.
 */
#include "mt5bridge.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#else
#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#endif

#define PROTOCOL "1"
/* The longest answer line accepted, and the most a whole answer may hold. */
#define MAX_LINE (64 * 1024)
#define MAX_ANSWER (64 * 1024 * 1024)
#define MAX_FIELDS 16
/* How long a new worker may take to start Python and import the package. */
#define START_MS 15000
/* How long past the terminal's own login timeout its answer may take. */
#define LOGIN_MARGIN_MS 3000
/* How long a worker may take to quit before it is killed. */
#define QUIT_MS 2000

typedef struct worker {
#ifdef _WIN32
  HANDLE process;
  HANDLE in;  /* our end of the worker's stdin */
  HANDLE out; /* our end of the worker's stdout (overlapped) */
  OVERLAPPED read;
#else
  pid_t pid;
  int in;  /* our end of the worker's stdin */
  int out; /* our end of the worker's stdout */
#endif
  char *buffer; /* bytes read and not consumed yet */
  size_t start, end, capacity;
} worker;

struct mt5b_session {
  worker w;
  int alive;
  int32_t error_code;
  char error[MT5B_TEXT_SIZE];
};

static _Thread_local int32_t connect_error_code;
static _Thread_local char connect_error[MT5B_TEXT_SIZE];

static int32_t set_error(mt5b_session *s, int32_t code, const char *format, ...) {
  char *to = s != NULL ? s->error : connect_error;
  va_list arguments;
  va_start(arguments, format);
  vsnprintf(to, MT5B_TEXT_SIZE, format, arguments);
  va_end(arguments);
  if (s != NULL) {
    s->error_code = code;
  } else {
    connect_error_code = code;
  }
  return code;
}

/* ---- time ---- */

static int64_t now_ms(void) {
#ifdef _WIN32
  return (int64_t)GetTickCount64();
#else
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
#endif
}

/* ---- the worker process, per platform ---- */

#ifdef _WIN32

static wchar_t *widen(const char *text) {
  int n = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
  wchar_t *wide = n > 0 ? malloc((size_t)n * sizeof *wide) : NULL;
  if (wide != NULL) {
    MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, n);
  }
  return wide;
}

/* Appends one argument to a command line, quoted the way CommandLineToArgvW reads it. */
static void append_argument(wchar_t *line, size_t capacity, const wchar_t *argument) {
  size_t n = wcslen(line);
  if (n > 0 && n + 1 < capacity) {
    line[n++] = L' ';
  }
  if (n + 1 < capacity) {
    line[n++] = L'"';
  }
  for (const wchar_t *c = argument; *c != 0 && n + 3 < capacity; c++) {
    size_t slashes = 0;
    while (*c == L'\\') {
      slashes++;
      c++;
    }
    if (*c == 0 || *c == L'"') {
      slashes *= 2; /* backslashes before a quote, or before the closing quote, double */
    }
    for (size_t i = 0; i < slashes && n + 3 < capacity; i++) {
      line[n++] = L'\\';
    }
    if (*c == 0) {
      break;
    }
    if (*c == L'"') {
      line[n++] = L'\\';
    }
    line[n++] = *c;
  }
  if (n + 1 < capacity) {
    line[n++] = L'"';
  }
  line[n] = 0;
}

/* Kills workers when the process that started them ends, however it ends. */
static HANDLE worker_job(void) {
  static HANDLE job;
  static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  BOOL pending;
  if (InitOnceBeginInitialize(&once, 0, &pending, NULL) && pending) {
    job = CreateJobObjectW(NULL, NULL);
    if (job != NULL) {
      JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
      memset(&limits, 0, sizeof limits);
      limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
      SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
    }
    InitOnceComplete(&once, 0, NULL);
  }
  return job;
}

static int worker_start(worker *w, const char *python, const char *script, char *why,
                        size_t why_size) {
  static volatile LONG counter;
  wchar_t name[128];
  swprintf(name, 128, L"\\\\.\\pipe\\mt5bridge-%lu-%ld-%llu", GetCurrentProcessId(),
           InterlockedIncrement(&counter), (unsigned long long)GetTickCount64());
  HANDLE child_in_read = NULL, child_out_write = NULL;
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  memset(w, 0, sizeof *w);
  /* stdout: a named pipe, so that our end can be read with a deadline (overlapped). */
  w->out = CreateNamedPipeW(name, PIPE_ACCESS_INBOUND | FILE_FLAG_OVERLAPPED |
                                      FILE_FLAG_FIRST_PIPE_INSTANCE,
                            PIPE_TYPE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1, 0,
                            1 << 16, 0, NULL);
  if (w->out == INVALID_HANDLE_VALUE) {
    snprintf(why, why_size, "cannot create a pipe (error %lu)", GetLastError());
    return -1;
  }
  child_out_write =
      CreateFileW(name, GENERIC_WRITE, 0, &inherit, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
  if (child_out_write == INVALID_HANDLE_VALUE ||
      !CreatePipe(&child_in_read, &w->in, &inherit, 1 << 16)) {
    snprintf(why, why_size, "cannot create a pipe (error %lu)", GetLastError());
    if (child_out_write != INVALID_HANDLE_VALUE) {
      CloseHandle(child_out_write);
    }
    CloseHandle(w->out);
    return -1;
  }
  SetHandleInformation(w->in, HANDLE_FLAG_INHERIT, 0);
  w->read.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);

  wchar_t *wide_python = widen(python), *wide_script = widen(script);
  wchar_t *line = calloc(32768, sizeof *line);
  int started = 0;
  if (wide_python != NULL && wide_script != NULL && line != NULL && w->read.hEvent != NULL) {
    append_argument(line, 32768, wide_python);
    append_argument(line, 32768, L"-u");
    append_argument(line, 32768, wide_script);
    /* The child inherits exactly its three standard handles, nothing else of ours. */
    HANDLE handles[3] = {child_in_read, child_out_write, GetStdHandle(STD_ERROR_HANDLE)};
    DWORD count = (handles[2] != NULL && handles[2] != INVALID_HANDLE_VALUE) ? 3 : 2;
    SIZE_T size = 0;
    InitializeProcThreadAttributeList(NULL, 1, 0, &size);
    LPPROC_THREAD_ATTRIBUTE_LIST attributes = malloc(size);
    if (attributes != NULL && InitializeProcThreadAttributeList(attributes, 1, 0, &size) &&
        UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles,
                                  count * sizeof(HANDLE), NULL, NULL)) {
      STARTUPINFOEXW startup;
      memset(&startup, 0, sizeof startup);
      startup.StartupInfo.cb = sizeof startup;
      startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
      startup.StartupInfo.hStdInput = child_in_read;
      startup.StartupInfo.hStdOutput = child_out_write;
      startup.StartupInfo.hStdError = count == 3 ? handles[2] : NULL;
      startup.lpAttributeList = attributes;
      PROCESS_INFORMATION process;
      if (CreateProcessW(NULL, line, NULL, NULL, TRUE,
                         CREATE_NO_WINDOW | EXTENDED_STARTUPINFO_PRESENT |
                             CREATE_UNICODE_ENVIRONMENT,
                         NULL, NULL, &startup.StartupInfo, &process)) {
        HANDLE job = worker_job();
        if (job != NULL) {
          AssignProcessToJobObject(job, process.hProcess);
        }
        CloseHandle(process.hThread);
        w->process = process.hProcess;
        started = 1;
      } else {
        snprintf(why, why_size, "cannot start %.80s (error %lu)", python, GetLastError());
      }
      DeleteProcThreadAttributeList(attributes);
    } else {
      snprintf(why, why_size, "cannot prepare the worker (error %lu)", GetLastError());
    }
    free(attributes);
  } else {
    snprintf(why, why_size, "out of memory");
  }
  free(wide_python);
  free(wide_script);
  free(line);
  CloseHandle(child_in_read);
  CloseHandle(child_out_write);
  if (!started) {
    CloseHandle(w->in);
    CloseHandle(w->out);
    if (w->read.hEvent != NULL) {
      CloseHandle(w->read.hEvent);
    }
    return -1;
  }
  return 0;
}

/* Writes all of data, or fails (the worker is gone). */
static int worker_write(worker *w, const char *data, size_t size) {
  while (size > 0) {
    DWORD written = 0;
    if (!WriteFile(w->in, data, (DWORD)(size > (1 << 20) ? (1 << 20) : size), &written, NULL)) {
      return -1;
    }
    data += written;
    size -= written;
  }
  return 0;
}

/* Reads some bytes before deadline: >0 read, 0 end of stream, -1 error, -2 deadline. */
static long worker_read(worker *w, char *into, size_t capacity, int64_t deadline) {
  DWORD got = 0;
  ResetEvent(w->read.hEvent);
  if (ReadFile(w->out, into, (DWORD)capacity, &got, &w->read)) {
    return got;
  }
  DWORD error = GetLastError();
  if (error == ERROR_BROKEN_PIPE) {
    return 0;
  }
  if (error != ERROR_IO_PENDING) {
    return -1;
  }
  int64_t left = deadline - now_ms();
  DWORD waited = WaitForSingleObject(w->read.hEvent, left > 0 ? (DWORD)left : 0);
  if (waited != WAIT_OBJECT_0) {
    CancelIo(w->out);
    GetOverlappedResult(w->out, &w->read, &got, TRUE);
    return -2;
  }
  if (!GetOverlappedResult(w->out, &w->read, &got, FALSE)) {
    return GetLastError() == ERROR_BROKEN_PIPE ? 0 : -1;
  }
  return got;
}

/*
 * Ends the worker and answers its exit status: asks it to quit when polite, waits up to
 * grace_ms for it to exit, then kills it.
 */
static int worker_stop(worker *w, int polite, int grace_ms) {
  if (w->process == NULL) {
    return -1;
  }
  if (polite) {
    worker_write(w, "QUIT\n", 5);
  }
  CloseHandle(w->in);
  if (WaitForSingleObject(w->process, (DWORD)grace_ms) != WAIT_OBJECT_0) {
    TerminateProcess(w->process, 137);
    WaitForSingleObject(w->process, INFINITE);
  }
  DWORD status = 0;
  GetExitCodeProcess(w->process, &status);
  CloseHandle(w->out);
  CloseHandle(w->read.hEvent);
  CloseHandle(w->process);
  w->process = NULL;
  return (int)status;
}

static int library_directory(char *to, size_t size) {
  HMODULE self = NULL;
  wchar_t path[MAX_PATH];
  if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                              GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (LPCWSTR)(void *)&library_directory, &self) ||
      GetModuleFileNameW(self, path, MAX_PATH) == 0 ||
      WideCharToMultiByte(CP_UTF8, 0, path, -1, to, (int)size, NULL, NULL) == 0) {
    return -1;
  }
  char *slash = strrchr(to, '\\');
  if (slash == NULL) {
    return -1;
  }
  *slash = 0;
  return 0;
}

#define DEFAULT_PYTHON "python"
#define SEPARATOR "\\"

#else /* POSIX */

/* The file a command name runs (searched on PATH when it has no slash), resolved before fork. */
static int resolve_executable(const char *name, char *to, size_t size) {
  if (strchr(name, '/') != NULL) {
    snprintf(to, size, "%s", name);
    return access(to, X_OK);
  }
  const char *path = getenv("PATH");
  for (const char *dir = path != NULL ? path : "/usr/local/bin:/usr/bin:/bin"; *dir != 0;) {
    const char *end = strchr(dir, ':');
    size_t length = end != NULL ? (size_t)(end - dir) : strlen(dir);
    if (length > 0 && (size_t)snprintf(to, size, "%.*s/%s", (int)length, dir, name) < size &&
        access(to, X_OK) == 0) {
      return 0;
    }
    dir += length + (end != NULL ? 1 : 0);
  }
  return -1;
}

static int worker_start(worker *w, const char *python, const char *script, char *why,
                        size_t why_size) {
  int to_worker[2], from_worker[2];
  char executable[1024];
  memset(w, 0, sizeof *w);
  if (resolve_executable(python, executable, sizeof executable) != 0) {
    snprintf(why, why_size, "cannot find %.90s on the PATH", python);
    return -1;
  }
  /* Plain pipes, the way any interpreter (and Wine) takes its standard streams. */
  if (pipe2(to_worker, O_CLOEXEC) != 0) {
    snprintf(why, why_size, "cannot create a pipe: %s", strerror(errno));
    return -1;
  }
  if (pipe2(from_worker, O_CLOEXEC) != 0) {
    snprintf(why, why_size, "cannot create a pipe: %s", strerror(errno));
    close(to_worker[0]);
    close(to_worker[1]);
    return -1;
  }
  struct rlimit files;
  int max_fd = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536
                   ? (int)files.rlim_cur
                   : 65536;
  char *const argv[] = {executable, "-u", (char *)script, NULL};
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(why, why_size, "cannot start a worker: %s", strerror(errno));
    close(to_worker[0]);
    close(to_worker[1]);
    close(from_worker[0]);
    close(from_worker[1]);
    return -1;
  }
  if (pid == 0) {
    /* Only async-signal-safe calls from here to exec. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    /* The worker ends with the thread that started it (the terminal's own thread). */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
      _exit(127);
    }
    if (dup2(to_worker[0], 0) < 0 || dup2(from_worker[1], 1) < 0) {
      _exit(127);
    }
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3, ~0U, 0) != 0)
#endif
    {
      for (int fd = 3; fd < max_fd; fd++) {
        close(fd);
      }
    }
    execv(executable, argv);
    _exit(127);
  }
  close(to_worker[0]);
  close(from_worker[1]);
  w->pid = pid;
  w->in = to_worker[1];
  w->out = from_worker[0];
  return 0;
}

/*
 * Writes all of data, or fails (the worker is gone). SIGPIPE, which a write to a worker that has
 * died raises, is held back on this thread and consumed, so that the caller's process never sees
 * it, whatever its own handling of SIGPIPE.
 */
static int worker_write(worker *w, const char *data, size_t size) {
  sigset_t pipe_signal, previous;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  int result = 0;
  while (size > 0) {
    ssize_t written = write(w->in, data, size);
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written < 0) {
      result = -1;
      break;
    }
    data += written;
    size -= (size_t)written;
  }
  if (result != 0 && errno == EPIPE) {
    struct timespec none = {0, 0};
    sigtimedwait(&pipe_signal, NULL, &none);
  }
  pthread_sigmask(SIG_SETMASK, &previous, NULL);
  return result;
}

static long worker_read(worker *w, char *into, size_t capacity, int64_t deadline) {
  for (;;) {
    int64_t left = deadline - now_ms();
    if (left <= 0) {
      return -2;
    }
    struct pollfd ready = {w->out, POLLIN, 0};
    int n = poll(&ready, 1, left > 0x7fffffff ? 0x7fffffff : (int)left);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return -1;
    }
    if (n == 0) {
      return -2;
    }
    ssize_t got = read(w->out, into, capacity);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    return got < 0 ? -1 : (long)got;
  }
}

static int worker_stop(worker *w, int polite, int grace_ms) {
  if (w->pid <= 0) {
    return -1;
  }
  if (polite) {
    worker_write(w, "QUIT\n", 5);
  }
  close(w->in);
  close(w->out);
  int status = 0;
  int64_t deadline = now_ms() + grace_ms;
  pid_t reaped;
  while ((reaped = waitpid(w->pid, &status, WNOHANG)) == 0 && now_ms() < deadline) {
    struct timespec pause = {0, 2 * 1000000};
    nanosleep(&pause, NULL);
  }
  if (reaped == 0) {
    kill(w->pid, SIGKILL);
    waitpid(w->pid, &status, 0);
  }
  w->pid = 0;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int library_directory(char *to, size_t size) {
  Dl_info info;
  if (dladdr((void *)&library_directory, &info) == 0 || info.dli_fname == NULL) {
    return -1;
  }
  snprintf(to, size, "%s", info.dli_fname);
  char *slash = strrchr(to, '/');
  if (slash == NULL) {
    snprintf(to, size, ".");
  } else {
    *slash = 0;
  }
  return 0;
}

#define DEFAULT_PYTHON "python3"
#define SEPARATOR "/"

#endif

/* ---- the protocol ---- */

static void release_buffer(worker *w) {
  free(w->buffer);
  w->buffer = NULL;
  w->start = w->end = w->capacity = 0;
}

/*
 * The next answer line (NUL-terminated, without its newline) before deadline, pointing into
 * the worker's buffer until the next read: MT5B_OK, MT5B_E_TIMEOUT or MT5B_E_DISCONNECTED.
 */
static int32_t read_line(worker *w, int64_t deadline, char **line) {
  for (;;) {
    char *newline = w->end > w->start ? memchr(w->buffer + w->start, '\n', w->end - w->start)
                                      : NULL;
    if (newline != NULL) {
      *newline = 0;
      if (newline > w->buffer + w->start && newline[-1] == '\r') {
        newline[-1] = 0;
      }
      *line = w->buffer + w->start;
      w->start = (size_t)(newline - w->buffer) + 1;
      return MT5B_OK;
    }
    if (w->end - w->start >= MAX_LINE) {
      return MT5B_E_DISCONNECTED;
    }
    if (w->start > 0 && w->start == w->end) {
      w->start = w->end = 0;
    }
    if (w->capacity - w->end < 16 * 1024) {
      if (w->start > 0) {
        memmove(w->buffer, w->buffer + w->start, w->end - w->start);
        w->end -= w->start;
        w->start = 0;
      }
      if (w->capacity - w->end < 16 * 1024) {
        size_t grown = w->capacity == 0 ? 64 * 1024 : w->capacity * 2;
        char *bigger = realloc(w->buffer, grown);
        if (bigger == NULL) {
          return MT5B_E_DISCONNECTED;
        }
        w->buffer = bigger;
        w->capacity = grown;
      }
    }
    long got = worker_read(w, w->buffer + w->end, w->capacity - w->end - 1, deadline);
    if (got == -2) {
      return MT5B_E_TIMEOUT;
    }
    if (got <= 0) {
      return MT5B_E_DISCONNECTED;
    }
    w->end += (size_t)got;
  }
}

/* Splits a line on tabs, in place, unescaping each field; answers the field count. */
static int split(char *line, char **fields, int most) {
  int n = 0;
  char *c = line;
  while (n < most) {
    fields[n++] = c;
    char *to = c;
    for (; *c != 0 && *c != '\t'; c++) {
      if (*c == '\\' && c[1] != 0) {
        c++;
        *to++ = *c == 't' ? '\t' : *c == 'n' ? '\n' : *c == 'r' ? '\r' : *c;
      } else {
        *to++ = *c;
      }
    }
    int more = *c == '\t';
    *to = 0;
    if (!more) {
      break;
    }
    c++;
  }
  return n;
}

/* Appends text to a request, escaped as one field. */
static int append_field(char *to, size_t capacity, size_t *n, const char *text) {
  if (*n + 1 >= capacity) {
    return -1;
  }
  to[(*n)++] = '\t';
  for (const char *c = text; *c != 0; c++) {
    const char *escaped = *c == '\\' ? "\\\\" : *c == '\t' ? "\\t" : *c == '\n' ? "\\n"
                        : *c == '\r' ? "\\r" : NULL;
    size_t length = escaped != NULL ? 2 : 1;
    if (*n + length + 1 >= capacity) {
      return -1;
    }
    if (escaped != NULL) {
      memcpy(to + *n, escaped, 2);
    } else {
      to[*n] = *c;
    }
    *n += length;
  }
  to[*n] = 0;
  return 0;
}

static int parse_int64(const char *text, int64_t *out) {
  int negative = *text == '-';
  const char *c = negative ? text + 1 : text;
  uint64_t value = 0;
  if (*c == 0) {
    return -1;
  }
  for (; *c != 0; c++) {
    if (*c < '0' || *c > '9' || value > (UINT64_MAX - 9) / 10) {
      return -1;
    }
    value = value * 10 + (uint64_t)(*c - '0');
  }
  if (value > (uint64_t)INT64_MAX + (negative ? 1 : 0)) {
    return -1;
  }
  *out = negative ? (int64_t)(0 - value) : (int64_t)value;
  return 0;
}

/* A double sent as the 16 hex digits of its bits: exact, and no locale can misread it. */
static int parse_double(const char *text, double *out) {
  uint64_t bits = 0;
  int digits = 0;
  for (const char *c = text; *c != 0; c++, digits++) {
    int v = *c >= '0' && *c <= '9' ? *c - '0' : *c >= 'a' && *c <= 'f' ? *c - 'a' + 10 : -1;
    if (v < 0 || digits >= 16) {
      return -1;
    }
    bits = bits << 4 | (uint64_t)v;
  }
  if (digits != 16) {
    return -1;
  }
  memcpy(out, &bits, sizeof *out);
  return 0;
}

static void copy_text(char *to, size_t size, const char *from) {
  snprintf(to, size, "%s", from);
}

/*
 * Ends the worker of a session after a broken exchange (a deadline passed, the worker ended or
 * answered nonsense); the session stays disconnected.
 */
static int32_t lose(mt5b_session *s, int32_t code, const char *what) {
  if (code == MT5B_E_TIMEOUT) {
    worker_stop(&s->w, 0, 0);
    set_error(s, code, "%s: no answer from the terminal in time; its worker was stopped", what);
  } else {
    /* A worker that closed its end is exiting: give it a moment to tell its status. */
    int status = worker_stop(&s->w, 0, 200);
    set_error(s, MT5B_E_DISCONNECTED, "%s: the terminal's worker ended (exit status %d)", what,
              status);
  }
  release_buffer(&s->w);
  s->alive = 0;
  return s->error_code;
}

/* Maps an ERR answer (fields: ERR kind code message) to a code and the session's error. */
static int32_t answer_error(mt5b_session *s, char **fields, int n) {
  const char *kind = n > 1 ? fields[1] : "terminal";
  const char *code = n > 2 ? fields[2] : "?";
  const char *message = n > 3 ? fields[3] : "";
  int32_t result = strcmp(kind, "auth") == 0       ? MT5B_E_AUTH
                   : strcmp(kind, "symbol") == 0   ? MT5B_E_SYMBOL
                   : strcmp(kind, "argument") == 0 ? MT5B_E_ARGUMENT
                                                   : MT5B_E_TERMINAL;
  return set_error(s, result, "%s (%s)", message, code);
}

/*
 * Sends one request and reads the first line of its answer, split into fields; an ERR answer
 * or a broken exchange answers its code.
 */
static int32_t exchange(mt5b_session *s, const char *request, int64_t deadline,
                        const char *what, char **fields, int *n) {
  if (!s->alive) {
    return set_error(s, MT5B_E_DISCONNECTED, "%s: not connected", what);
  }
  if (worker_write(&s->w, request, strlen(request)) != 0) {
    return lose(s, MT5B_E_DISCONNECTED, what);
  }
  char *line;
  int32_t result = read_line(&s->w, deadline, &line);
  if (result != MT5B_OK) {
    return lose(s, result, what);
  }
  *n = split(line, fields, MAX_FIELDS);
  if (strcmp(fields[0], "OK") == 0) {
    return MT5B_OK;
  }
  if (strcmp(fields[0], "ERR") == 0) {
    return answer_error(s, fields, *n);
  }
  return lose(s, MT5B_E_DISCONNECTED, what);
}

static int64_t deadline_of(int32_t timeout_ms) {
  return now_ms() + (timeout_ms > 0 ? timeout_ms : 1);
}

/* A request line: a command and its fields, escaped; NULL-terminated arguments. */
static int build_request(char *to, size_t capacity, const char *command, ...) {
  size_t n = (size_t)snprintf(to, capacity, "%s", command);
  va_list arguments;
  va_start(arguments, command);
  const char *field;
  int result = 0;
  while ((field = va_arg(arguments, const char *)) != NULL) {
    if (append_field(to, capacity, &n, field) != 0) {
      result = -1;
      break;
    }
  }
  va_end(arguments);
  if (result == 0 && n + 2 < capacity) {
    to[n++] = '\n';
    to[n] = 0;
  } else {
    result = -1;
  }
  return result;
}

/* ---- the ABI ---- */

int32_t mt5b_abi_version(void) { return MT5B_ABI_VERSION; }

/* The value of key in "key=value" lines, copied to value; 0 when found. */
static int option(const char *options, const char *key, char *value, size_t size) {
  size_t key_length = strlen(key);
  for (const char *line = options; line != NULL && *line != 0;) {
    const char *end = strchr(line, '\n');
    size_t length = end != NULL ? (size_t)(end - line) : strlen(line);
    if (length > key_length && strncmp(line, key, key_length) == 0 && line[key_length] == '=') {
      size_t value_length = length - key_length - 1;
      if (value_length >= size) {
        return -1;
      }
      memcpy(value, line + key_length + 1, value_length);
      value[value_length] = 0;
      return 0;
    }
    line = end != NULL ? end + 1 : NULL;
  }
  return -1;
}

int32_t mt5b_connect(const char *terminal_path, int64_t login, const char *password,
                     const char *server, const char *options, int32_t timeout_ms,
                     mt5b_session **out) {
  if (out == NULL || terminal_path == NULL || password == NULL || server == NULL ||
      timeout_ms <= 0) {
    return set_error(NULL, MT5B_E_ARGUMENT, "null argument or no timeout");
  }
  *out = NULL;
  char python[1024], script[1024];
  if (option(options, "python", python, sizeof python) != 0) {
    copy_text(python, sizeof python, DEFAULT_PYTHON);
  }
  if (option(options, "worker", script, sizeof script) != 0) {
    char directory[900];
    if (library_directory(directory, sizeof directory) != 0) {
      return set_error(NULL, MT5B_E_ARGUMENT, "cannot locate mt5worker.py; set worker=");
    }
    snprintf(script, sizeof script, "%s" SEPARATOR "mt5worker.py", directory);
  }
  mt5b_session *s = calloc(1, sizeof *s);
  if (s == NULL) {
    return set_error(NULL, MT5B_E_CONNECT, "out of memory");
  }
  char why[MT5B_TEXT_SIZE];
  if (worker_start(&s->w, python, script, why, sizeof why) != 0) {
    free(s);
    return set_error(NULL, MT5B_E_CONNECT, "%s", why);
  }
  s->alive = 1;
  char *fields[MAX_FIELDS];
  int n = 0;
  int32_t result =
      exchange(s, "HELLO\n", deadline_of(START_MS), "starting the worker", fields, &n);
  if (result == MT5B_OK && (n < 2 || strcmp(fields[1], PROTOCOL) != 0)) {
    result = set_error(s, MT5B_E_CONNECT, "the worker speaks protocol %s, expected " PROTOCOL,
                       n > 1 ? fields[1] : "?");
  }
  if (result == MT5B_OK) {
    char login_text[24], timeout_text[16];
    snprintf(login_text, sizeof login_text, "%lld", (long long)login);
    snprintf(timeout_text, sizeof timeout_text, "%ld", (long)timeout_ms);
    size_t capacity = 4096 + strlen(terminal_path) * 2 + strlen(password) * 2 + strlen(server) * 2;
    char *request = malloc(capacity);
    if (request == NULL || build_request(request, capacity, "INIT", terminal_path, login_text,
                                         password, server, timeout_text, (char *)NULL) != 0) {
      result = set_error(s, MT5B_E_ARGUMENT, "connect arguments too long");
    } else {
      /* The terminal's own timeout (MetaTrader5.initialize's), plus a margin to report it. */
      result =
          exchange(s, request, deadline_of(timeout_ms) + LOGIN_MARGIN_MS, "login", fields, &n);
    }
    if (request != NULL) {
      memset(request, 0, capacity); /* the password */
      free(request);
    }
  }
  if (result != MT5B_OK) {
    set_error(NULL, result == MT5B_E_DISCONNECTED || result == MT5B_E_TIMEOUT ? MT5B_E_CONNECT
                                                                               : result,
              "%s", s->error);
    mt5b_disconnect(s);
    return connect_error_code;
  }
  *out = s;
  return MT5B_OK;
}

int32_t mt5b_terminal_info(mt5b_session *s, mt5b_terminal *out, int32_t timeout_ms) {
  if (s == NULL || out == NULL) {
    return s == NULL ? MT5B_E_ARGUMENT : set_error(s, MT5B_E_ARGUMENT, "null argument");
  }
  char *fields[MAX_FIELDS];
  int n = 0;
  int32_t result = exchange(s, "INFO\n", deadline_of(timeout_ms), "terminal info", fields, &n);
  if (result != MT5B_OK) {
    return result;
  }
  int64_t login, build, connected;
  if (n < 7 || parse_int64(fields[4], &login) || parse_int64(fields[5], &build) ||
      parse_int64(fields[6], &connected)) {
    return lose(s, MT5B_E_DISCONNECTED, "terminal info");
  }
  memset(out, 0, sizeof *out);
  copy_text(out->company, sizeof out->company, fields[1]);
  copy_text(out->name, sizeof out->name, fields[2]);
  copy_text(out->server, sizeof out->server, fields[3]);
  out->login = login;
  out->build = (int32_t)build;
  out->connected = connected != 0;
  return MT5B_OK;
}

/* The count of an "OK <n>" answer, bounded. */
static int parse_count(char **fields, int n, int64_t *count) {
  return n < 2 || parse_int64(fields[1], count) != 0 || *count < 0 || *count > MAX_ANSWER / 8
             ? -1
             : 0;
}

int32_t mt5b_symbols(mt5b_session *s, mt5b_symbol *buffer, int32_t capacity, int32_t *count,
                     int32_t timeout_ms) {
  if (s == NULL || count == NULL || capacity < 0 || (buffer == NULL && capacity > 0)) {
    return s == NULL ? MT5B_E_ARGUMENT : set_error(s, MT5B_E_ARGUMENT, "bad argument");
  }
  int64_t deadline = deadline_of(timeout_ms);
  char *fields[MAX_FIELDS];
  int n = 0;
  int32_t result = exchange(s, "SYMBOLS\n", deadline, "symbols", fields, &n);
  if (result != MT5B_OK) {
    return result;
  }
  int64_t total;
  if (parse_count(fields, n, &total) != 0) {
    return lose(s, MT5B_E_DISCONNECTED, "symbols");
  }
  for (int64_t i = 0; i < total; i++) {
    char *line;
    result = read_line(&s->w, deadline, &line);
    if (result != MT5B_OK) {
      return lose(s, result, "symbols");
    }
    n = split(line, fields, MAX_FIELDS);
    int64_t digits, visible, trade_mode;
    double point;
    if (n < 7 || parse_int64(fields[3], &digits) || parse_double(fields[4], &point) ||
        parse_int64(fields[5], &visible) || parse_int64(fields[6], &trade_mode)) {
      return lose(s, MT5B_E_DISCONNECTED, "symbols");
    }
    if (i < capacity) {
      mt5b_symbol *to = &buffer[i];
      memset(to, 0, sizeof *to);
      copy_text(to->name, sizeof to->name, fields[0]);
      copy_text(to->description, sizeof to->description, fields[1]);
      copy_text(to->path, sizeof to->path, fields[2]);
      to->digits = (int32_t)digits;
      to->point = point;
      to->visible = visible != 0;
      to->trade_mode = (int32_t)trade_mode;
    }
  }
  *count = total > INT32_MAX ? INT32_MAX : (int32_t)total;
  return MT5B_OK;
}

int32_t mt5b_select_symbol(mt5b_session *s, const char *symbol, int32_t enable,
                           int32_t timeout_ms) {
  if (s == NULL || symbol == NULL) {
    return s == NULL ? MT5B_E_ARGUMENT : set_error(s, MT5B_E_ARGUMENT, "null argument");
  }
  char request[256];
  if (build_request(request, sizeof request, "SELECT", symbol, enable ? "1" : "0",
                    (char *)NULL) != 0) {
    return set_error(s, MT5B_E_ARGUMENT, "symbol name too long");
  }
  char *fields[MAX_FIELDS];
  int n = 0;
  return exchange(s, request, deadline_of(timeout_ms), "select", fields, &n);
}

int32_t mt5b_latest_tick(mt5b_session *s, const char *symbol, mt5b_tick *out,
                         int32_t timeout_ms) {
  if (s == NULL || symbol == NULL || out == NULL) {
    return s == NULL ? MT5B_E_ARGUMENT : set_error(s, MT5B_E_ARGUMENT, "null argument");
  }
  char request[256];
  if (build_request(request, sizeof request, "TICK", symbol, (char *)NULL) != 0) {
    return set_error(s, MT5B_E_ARGUMENT, "symbol name too long");
  }
  char *fields[MAX_FIELDS];
  int n = 0;
  int32_t result = exchange(s, request, deadline_of(timeout_ms), "tick", fields, &n);
  if (result != MT5B_OK) {
    return result;
  }
  int64_t time, volume, time_msc, flags;
  double bid, ask, last, volume_real;
  if (n < 9 || parse_int64(fields[1], &time) || parse_double(fields[2], &bid) ||
      parse_double(fields[3], &ask) || parse_double(fields[4], &last) ||
      parse_int64(fields[5], &volume) || parse_int64(fields[6], &time_msc) ||
      parse_int64(fields[7], &flags) || parse_double(fields[8], &volume_real)) {
    return lose(s, MT5B_E_DISCONNECTED, "tick");
  }
  memset(out, 0, sizeof *out);
  out->time = time;
  out->bid = bid;
  out->ask = ask;
  out->last = last;
  out->volume = volume < 0 ? 0 : (uint64_t)volume;
  out->time_msc = time_msc;
  out->flags = (uint32_t)flags;
  out->volume_real = volume_real;
  return MT5B_OK;
}

int32_t mt5b_rates_range(mt5b_session *s, const char *symbol, int32_t timeframe, int64_t from,
                         int64_t to, mt5b_rate *buffer, int32_t capacity, int32_t *count,
                         int32_t timeout_ms) {
  if (s == NULL || symbol == NULL || count == NULL || capacity < 0 ||
      (buffer == NULL && capacity > 0) || from > to) {
    return s == NULL ? MT5B_E_ARGUMENT : set_error(s, MT5B_E_ARGUMENT, "bad argument");
  }
  char request[512], minutes[16], from_text[24], to_text[24], most[16];
  snprintf(minutes, sizeof minutes, "%ld", (long)timeframe);
  snprintf(from_text, sizeof from_text, "%lld", (long long)from);
  snprintf(to_text, sizeof to_text, "%lld", (long long)to);
  snprintf(most, sizeof most, "%ld", (long)capacity);
  if (build_request(request, sizeof request, "RATES", symbol, minutes, from_text, to_text, most,
                    (char *)NULL) != 0) {
    return set_error(s, MT5B_E_ARGUMENT, "symbol name too long");
  }
  int64_t deadline = deadline_of(timeout_ms);
  char *fields[MAX_FIELDS];
  int n = 0;
  int32_t result = exchange(s, request, deadline, "rates", fields, &n);
  if (result != MT5B_OK) {
    return result;
  }
  int64_t total;
  if (parse_count(fields, n, &total) != 0) {
    return lose(s, MT5B_E_DISCONNECTED, "rates");
  }
  int32_t written = 0;
  for (int64_t i = 0; i < total; i++) {
    char *line;
    result = read_line(&s->w, deadline, &line);
    if (result != MT5B_OK) {
      return lose(s, result, "rates");
    }
    n = split(line, fields, MAX_FIELDS);
    mt5b_rate r;
    int64_t spread;
    if (n < 8 || parse_int64(fields[0], &r.time) || parse_double(fields[1], &r.open) ||
        parse_double(fields[2], &r.high) || parse_double(fields[3], &r.low) ||
        parse_double(fields[4], &r.close) || parse_int64(fields[5], &r.tick_volume) ||
        parse_int64(fields[6], &spread) || parse_int64(fields[7], &r.real_volume)) {
      return lose(s, MT5B_E_DISCONNECTED, "rates");
    }
    r.spread = (int32_t)spread;
    if (written < capacity) {
      buffer[written++] = r;
    }
  }
  *count = written;
  return MT5B_OK;
}

int32_t mt5b_last_error(mt5b_session *s, int32_t *code, char *message, int32_t capacity) {
  if (message == NULL || capacity <= 0) {
    return MT5B_E_ARGUMENT;
  }
  if (code != NULL) {
    *code = s != NULL ? s->error_code : connect_error_code;
  }
  snprintf(message, (size_t)capacity, "%s", s != NULL ? s->error : connect_error);
  return MT5B_OK;
}

void mt5b_disconnect(mt5b_session *s) {
  if (s == NULL) {
    return;
  }
  if (s->alive) {
    worker_stop(&s->w, 1, QUIT_MS);
  }
  release_buffer(&s->w);
  free(s);
}
