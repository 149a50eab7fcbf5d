/* Declarations only: the functions are SQLiteNIO's SQLite (see include/CLiaisonSQLite.h). */
#include "CLiaisonSQLite.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The VFS interface, laid out as in sqlite3.h (it is part of SQLite's stable interface; iVersion 3).
 */
typedef long long vfs_int64;
typedef struct vfs_file vfs_file;
typedef struct vfs_methods vfs_methods;
typedef struct vfs vfs;
typedef void (*vfs_syscall)(void);

struct vfs_file {
    const vfs_methods *methods;
};

struct vfs_methods {
    int version;
    int (*close)(vfs_file *);
    int (*read)(vfs_file *, void *, int amount, vfs_int64 offset);
    int (*write)(vfs_file *, const void *, int amount, vfs_int64 offset);
    int (*truncate)(vfs_file *, vfs_int64 size);
    int (*sync)(vfs_file *, int flags);
    int (*file_size)(vfs_file *, vfs_int64 *size);
    int (*lock)(vfs_file *, int);
    int (*unlock)(vfs_file *, int);
    int (*check_reserved_lock)(vfs_file *, int *result);
    int (*file_control)(vfs_file *, int op, void *argument);
    int (*sector_size)(vfs_file *);
    int (*device_characteristics)(vfs_file *);
    int (*shm_map)(vfs_file *, int page, int page_size, int, void volatile **);
    int (*shm_lock)(vfs_file *, int offset, int n, int flags);
    void (*shm_barrier)(vfs_file *);
    int (*shm_unmap)(vfs_file *, int delete_flag);
    int (*fetch)(vfs_file *, vfs_int64 offset, int amount, void **pointer);
    int (*unfetch)(vfs_file *, vfs_int64 offset, void *pointer);
};

struct vfs {
    int version;
    int file_size;
    int max_pathname;
    vfs *next;
    const char *name;
    void *app_data;
    int (*open)(vfs *, const char *name, vfs_file *, int flags, int *out_flags);
    int (*delete_file)(vfs *, const char *name, int sync_dir);
    int (*access)(vfs *, const char *name, int flags, int *result);
    int (*full_pathname)(vfs *, const char *name, int size, char *out);
    void *(*dl_open)(vfs *, const char *filename);
    void (*dl_error)(vfs *, int size, char *message);
    void (*(*dl_sym)(vfs *, void *, const char *symbol))(void);
    void (*dl_close)(vfs *, void *);
    int (*randomness)(vfs *, int size, char *out);
    int (*sleep)(vfs *, int microseconds);
    int (*current_time)(vfs *, double *);
    int (*get_last_error)(vfs *, int, char *);
    int (*current_time_int64)(vfs *, vfs_int64 *);
    int (*set_system_call)(vfs *, const char *name, vfs_syscall);
    vfs_syscall (*get_system_call)(vfs *, const char *name);
    const char *(*next_system_call)(vfs *, const char *name);
};

vfs *sqlite_nio_sqlite3_vfs_find(const char *name);
int sqlite_nio_sqlite3_vfs_register(vfs *, int make_default);
int sqlite_nio_sqlite3_file_control(sqlite3 *, const char *database, int op, void *argument);

enum {
    OPEN_WAL = 0x00080000,
    FCNTL_JOURNAL_POINTER = 28,
    LOG_BUFFER_BYTES = 8 << 20,
    FLUSH_BYTES = 124 << 10,
};

/*
 * An open file: the default VFS's file right after it; for a log, the writes not yet passed on, and, when the
 * log's syncs are left to the caller, a descriptor of its own on the log to hand out for them.
 */
typedef struct {
    vfs_file base;
    vfs_file *real;
    int is_log;
    unsigned char *pending;
    int used;
    vfs_int64 start;
    int defer_sync;
    int synced;
    int header_written;
    int sync_fd;
} buffered_file;

static vfs *underlying;
static vfs buffering;
static vfs deferring;
static vfs_methods file_methods;
static pthread_once_t registered = PTHREAD_ONCE_INIT;
static const char *registered_name;
static const char *deferred_name;

#define ROUND8(n) (((n) + 7) & ~7)
#define REAL(file) (((buffered_file *)(file))->real)

/*
 * Passes the gathered writes on, in pieces of at most 124 KiB: the default VFS writes at most 128 KiB per call
 * (it keeps the low 17 bits of a larger size). The writes are dropped either way: on failure SQLite fails the
 * commit.
 */
static int flush(buffered_file *file) {
    int code = 0;
    for (int done = 0; done < file->used && code == LIAISON_SQLITE_OK; done += FLUSH_BYTES) {
        int amount = file->used - done < FLUSH_BYTES ? file->used - done : FLUSH_BYTES;
        code = file->real->methods->write(file->real, file->pending + done, amount, file->start + done);
    }
    file->used = 0;
    return code;
}

static int file_close(vfs_file *file) {
    buffered_file *self = (buffered_file *)file;
    int code = flush(self);
    int closed = self->real->methods->close(self->real);
    free(self->pending);
    self->pending = NULL;
    if (self->sync_fd >= 0) close(self->sync_fd);
    self->sync_fd = -1;
    return code ? code : closed;
}

static int file_read(vfs_file *file, void *data, int amount, vfs_int64 offset) {
    int code = flush((buffered_file *)file);
    return code ? code : REAL(file)->methods->read(REAL(file), data, amount, offset);
}

static int file_write(vfs_file *file, const void *data, int amount, vfs_int64 offset) {
    buffered_file *self = (buffered_file *)file;
    if (!self->is_log) return self->real->methods->write(self->real, data, amount, offset);
    /* The log's header, written when the log starts again from its beginning: its sync is never left out. */
    if (offset == 0) self->header_written = 1;
    if (self->used > 0 && offset == self->start + self->used && self->used + amount <= LOG_BUFFER_BYTES) {
        memcpy(self->pending + self->used, data, (size_t)amount);
        self->used += amount;
        return LIAISON_SQLITE_OK;
    }
    int code = flush(self);
    if (code) return code;
    if (self->pending == NULL) self->pending = malloc(LOG_BUFFER_BYTES);
    if (self->pending == NULL || amount > FLUSH_BYTES) {
        return self->real->methods->write(self->real, data, amount, offset);
    }
    memcpy(self->pending, data, (size_t)amount);
    self->used = amount;
    self->start = offset;
    return LIAISON_SQLITE_OK;
}

static int file_truncate(vfs_file *file, vfs_int64 size) {
    int code = flush((buffered_file *)file);
    return code ? code : REAL(file)->methods->truncate(REAL(file), size);
}

/*
 * With the log's syncs left to the caller (`liaison_sqlite_log_deferred_sync_vfs`), a commit's sync of the log
 * passes the gathered writes on and returns: the frames are in the file, where other connections read them, but
 * not yet on the disk. Two syncs are never left out: the log's first (the default VFS then also syncs the folder
 * the log was created in), and the sync SQLite makes right after writing a new header when the log starts again
 * from its beginning, before any frame: without it, new frames could reach the disk under the old header, and a
 * recovery would then bring back frames already copied into the database (https://sqlite.org/src/info/ff5be73dee).
 */
static int file_sync(vfs_file *file, int flags) {
    buffered_file *self = (buffered_file *)file;
    int code = flush(self);
    if (code) return code;
    if (self->is_log && self->defer_sync && self->synced && !self->header_written) return LIAISON_SQLITE_OK;
    code = REAL(file)->methods->sync(REAL(file), flags);
    if (code == LIAISON_SQLITE_OK) {
        self->synced = 1;
        self->header_written = 0;
    }
    return code;
}

static int file_size(vfs_file *file, vfs_int64 *size) {
    int code = flush((buffered_file *)file);
    return code ? code : REAL(file)->methods->file_size(REAL(file), size);
}

static int file_lock(vfs_file *file, int level) { return REAL(file)->methods->lock(REAL(file), level); }
static int file_unlock(vfs_file *file, int level) { return REAL(file)->methods->unlock(REAL(file), level); }
static int file_check_reserved_lock(vfs_file *file, int *result) {
    return REAL(file)->methods->check_reserved_lock(REAL(file), result);
}
static int file_control(vfs_file *file, int op, void *argument) {
    int code = flush((buffered_file *)file);
    return code ? code : REAL(file)->methods->file_control(REAL(file), op, argument);
}
static int file_sector_size(vfs_file *file) { return REAL(file)->methods->sector_size(REAL(file)); }
static int file_device_characteristics(vfs_file *file) {
    return REAL(file)->methods->device_characteristics(REAL(file));
}
/* Shared memory and memory mapping, where the default VFS's file has them (its methods' version 2 and 3). */
#define HAS(file, minimum) (REAL(file)->methods->version >= (minimum))

static int file_shm_map(vfs_file *file, int page, int page_size, int extend, void volatile **out) {
    return HAS(file, 2) ? REAL(file)->methods->shm_map(REAL(file), page, page_size, extend, out) : LIAISON_SQLITE_IOERR;
}
static int file_shm_lock(vfs_file *file, int offset, int n, int flags) {
    return HAS(file, 2) ? REAL(file)->methods->shm_lock(REAL(file), offset, n, flags) : LIAISON_SQLITE_IOERR;
}
static void file_shm_barrier(vfs_file *file) {
    if (HAS(file, 2)) REAL(file)->methods->shm_barrier(REAL(file));
}
static int file_shm_unmap(vfs_file *file, int delete_flag) {
    return HAS(file, 2) ? REAL(file)->methods->shm_unmap(REAL(file), delete_flag) : LIAISON_SQLITE_OK;
}
static int file_fetch(vfs_file *file, vfs_int64 offset, int amount, void **pointer) {
    *pointer = NULL;
    int code = flush((buffered_file *)file);
    if (code || !HAS(file, 3)) return code;
    return REAL(file)->methods->fetch(REAL(file), offset, amount, pointer);
}
static int file_unfetch(vfs_file *file, vfs_int64 offset, void *pointer) {
    return HAS(file, 3) ? REAL(file)->methods->unfetch(REAL(file), offset, pointer) : LIAISON_SQLITE_OK;
}

static int vfs_open(vfs *self, const char *name, vfs_file *file, int flags, int *out_flags) {
    buffered_file *opened = (buffered_file *)file;
    memset(opened, 0, sizeof(buffered_file));
    opened->real = (vfs_file *)((char *)file + ROUND8(sizeof(buffered_file)));
    opened->real->methods = NULL;
    opened->is_log = (flags & OPEN_WAL) != 0;
    opened->sync_fd = -1;
    int code = underlying->open(underlying, name, opened->real, flags, out_flags);
    if (code == LIAISON_SQLITE_OK && opened->is_log && self == &deferring && name != NULL) {
        /* A sync writes out a file's data whichever descriptor wrote it. Without a descriptor of its own the log
           is synced as usual. */
        opened->sync_fd = open(name, O_RDONLY | O_CLOEXEC);
        opened->defer_sync = opened->sync_fd >= 0;
    }
    /* SQLite closes a file whose methods are set, even after a failed open, and never one whose are not. */
    file->methods = opened->real->methods ? &file_methods : NULL;
    return code;
}

static int vfs_delete(vfs *self, const char *name, int sync_dir) {
    (void)self;
    return underlying->delete_file(underlying, name, sync_dir);
}
static int vfs_access(vfs *self, const char *name, int flags, int *result) {
    (void)self;
    return underlying->access(underlying, name, flags, result);
}
static int vfs_full_pathname(vfs *self, const char *name, int size, char *out) {
    (void)self;
    return underlying->full_pathname(underlying, name, size, out);
}
static void *vfs_dl_open(vfs *self, const char *filename) {
    (void)self;
    return underlying->dl_open ? underlying->dl_open(underlying, filename) : NULL;
}
static void vfs_dl_error(vfs *self, int size, char *message) {
    (void)self;
    if (underlying->dl_error) underlying->dl_error(underlying, size, message);
}
static void (*vfs_dl_sym(vfs *self, void *handle, const char *symbol))(void) {
    (void)self;
    return underlying->dl_sym ? underlying->dl_sym(underlying, handle, symbol) : NULL;
}
static void vfs_dl_close(vfs *self, void *handle) {
    (void)self;
    if (underlying->dl_close) underlying->dl_close(underlying, handle);
}
static int vfs_randomness(vfs *self, int size, char *out) {
    (void)self;
    return underlying->randomness(underlying, size, out);
}
static int vfs_sleep(vfs *self, int microseconds) {
    (void)self;
    return underlying->sleep(underlying, microseconds);
}
static int vfs_current_time(vfs *self, double *now) {
    (void)self;
    return underlying->current_time(underlying, now);
}
static int vfs_get_last_error(vfs *self, int size, char *out) {
    (void)self;
    return underlying->get_last_error ? underlying->get_last_error(underlying, size, out) : LIAISON_SQLITE_OK;
}
static int vfs_current_time_int64(vfs *self, vfs_int64 *now) {
    (void)self;
    return underlying->current_time_int64(underlying, now);
}

static void register_buffering(void) {
    underlying = sqlite_nio_sqlite3_vfs_find(NULL);
    if (underlying == NULL || underlying->version < 2) return;
    file_methods = (vfs_methods){
        .version = 3, .close = file_close, .read = file_read, .write = file_write, .truncate = file_truncate,
        .sync = file_sync, .file_size = file_size, .lock = file_lock, .unlock = file_unlock,
        .check_reserved_lock = file_check_reserved_lock, .file_control = file_control,
        .sector_size = file_sector_size, .device_characteristics = file_device_characteristics,
        .shm_map = file_shm_map, .shm_lock = file_shm_lock, .shm_barrier = file_shm_barrier,
        .shm_unmap = file_shm_unmap, .fetch = file_fetch, .unfetch = file_unfetch,
    };
    buffering = (vfs){
        .version = 2, .file_size = ROUND8((int)sizeof(buffered_file)) + underlying->file_size,
        .max_pathname = underlying->max_pathname, .name = "liaison-log-buffering", .open = vfs_open,
        .delete_file = vfs_delete, .access = vfs_access, .full_pathname = vfs_full_pathname, .dl_open = vfs_dl_open,
        .dl_error = vfs_dl_error, .dl_sym = vfs_dl_sym, .dl_close = vfs_dl_close, .randomness = vfs_randomness,
        .sleep = vfs_sleep, .current_time = vfs_current_time, .get_last_error = vfs_get_last_error,
        .current_time_int64 = vfs_current_time_int64,
    };
    if (sqlite_nio_sqlite3_vfs_register(&buffering, 0) == LIAISON_SQLITE_OK) registered_name = buffering.name;
    deferring = buffering;
    deferring.name = "liaison-log-buffering-deferred-sync";
    if (registered_name && sqlite_nio_sqlite3_vfs_register(&deferring, 0) == LIAISON_SQLITE_OK) {
        deferred_name = deferring.name;
    }
}

const char *liaison_sqlite_log_buffering_vfs(void) {
    pthread_once(&registered, register_buffering);
    return registered_name;
}

const char *liaison_sqlite_log_deferred_sync_vfs(void) {
    pthread_once(&registered, register_buffering);
    return deferred_name;
}

/* The log of `db`'s main database when it is open through this VFS with its syncs left to the caller. */
static buffered_file *deferring_log(sqlite3 *db) {
    vfs_file *log = NULL;
    if (sqlite_nio_sqlite3_file_control(db, "main", FCNTL_JOURNAL_POINTER, &log) != LIAISON_SQLITE_OK) return NULL;
    if (log == NULL || log->methods != &file_methods) return NULL;
    buffered_file *self = (buffered_file *)log;
    return self->is_log && self->defer_sync && self->sync_fd >= 0 ? self : NULL;
}

int liaison_sqlite_log_sync_descriptor(sqlite3 *db) {
    buffered_file *self = deferring_log(db);
    return self ? fcntl(self->sync_fd, F_DUPFD_CLOEXEC, 0) : -1;
}

void liaison_sqlite_log_stop_deferring(sqlite3 *db) {
    buffered_file *self = deferring_log(db);
    if (self) self->defer_sync = 0;
}
