/*
** static.c — the dashboard's files, served from one web root and from
** nowhere else.
**
** Three fences, any one of which would stop a traversal on its own:
**  1. the path is decoded once, strictly (httpparse.c: no NUL, no
**     overlong UTF-8, no backslash) and every segment is checked (no
**     "..", ".", hidden files, empty segments, no node_modules);
**  2. only files with a known extension are served, each with its own
**     Content-Type (so nothing is ever sniffed);
**  3. the file is opened relative to the web root's descriptor with
**     openat2(RESOLVE_BENEATH), so the kernel refuses any resolution
**     that leaves the root, symlinks included.
** The chart library is the one file taken from node_modules, under a
** fixed name: /vendor/chart.umd.min.js.
*/
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Vendored files: public name -> path below the web root. */
static const struct {
  const char *url;
  const char *file;
} vendored[] = {
    {"vendor/chart.umd.min.js", "node_modules/chart.js/dist/chart.umd.min.js"},
};

static const struct {
  const char *ext;
  const char *ctype;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml; charset=utf-8"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *rel) {
  const char *dot = strrchr(rel, '.');
  const char *slash = strrchr(rel, '/');
  if (!dot || (slash && dot < slash)) return NULL;
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcmp(dot, types[i].ext) == 0) return types[i].ctype;
  return NULL;
}

/* Open rel below the root: openat2 confines the walk in the kernel; where
   openat2 is missing (old kernels), the checked path plus O_NOFOLLOW. */
static int open_beneath(int dirfd, const char *rel) {
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  int fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
  if (fd < 0 && errno == ENOSYS) fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
  return fd;
}

jk_rc srv_static_open(srv *s, const char *dir, jk_err *err) {
  char *abs = realpath(dir, NULL);
  if (!abs) return jk_err_set(err, JK_ENOTFOUND, "%s: no dashboard files there (give --web DIR)", dir);
  int fd = open(abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    jk_err_set(err, JK_EIO, "%s: cannot open: %s", abs, strerror(errno));
    free(abs);
    return JK_EIO;
  }
  if (faccessat(fd, "index.html", R_OK, 0) != 0) {
    jk_err_set(err, JK_ENOTFOUND, "%s: no index.html (give --web DIR with the dashboard)", abs);
    close(fd);
    free(abs);
    return JK_ENOTFOUND;
  }
  s->web_root = abs;
  s->web_fd = fd;
  return JK_OK;
}

static enum MHD_Result not_found(struct MHD_Connection *c, srv_req *r) {
  return srv_send_error(c, r, MHD_HTTP_NOT_FOUND, "not found");
}

enum MHD_Result srv_static(struct MHD_Connection *c, srv_req *r, const char *path, size_t path_len) {
  const char *rel;
  if (jk_http_path_relative(path, path_len, &rel) != JK_OK) return not_found(c, r);
  if (!*rel) rel = "index.html";
  /* The vendored chart library by its fixed name; nothing else of
     node_modules, by any spelling. */
  const char *file = rel;
  for (size_t i = 0; i < sizeof vendored / sizeof vendored[0]; i++)
    if (strcmp(rel, vendored[i].url) == 0) file = vendored[i].file;
  if (file == rel) {
    for (const char *p = rel; (p = strstr(p, "node_modules")) != NULL; p++)
      if ((p == rel || p[-1] == '/') && (p[12] == '/' || p[12] == '\0')) return not_found(c, r);
  }
  const char *ctype = type_of(file);
  if (!ctype) return not_found(c, r);
  int fd = open_beneath(r->s->web_fd, file);
  if (fd < 0) return not_found(c, r);
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return not_found(c, r);
  }
  struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
  if (!resp) {
    close(fd);
    return srv_send_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
  }
  MHD_add_response_header(resp, "Cache-Control", "no-cache");
  return srv_send(c, r, MHD_HTTP_OK, resp, ctype);
}
