#ifndef C_LIAISON_SQLITE_H
#define C_LIAISON_SQLITE_H

/*
 * The part of the SQLite C interface that Liaison's dedicated write connection uses.
 *
 * These are the functions of the one SQLite library already in the program: the copy that SQLiteNIO builds, whose
 * symbols carry the prefix `sqlite_nio_`. Using that copy, and not a second SQLite, matters: two SQLite libraries
 * in one process keep separate lists of POSIX locks on the same database file, and one closing a file would drop
 * the other's locks (https://www.sqlite.org/howtocorrupt.html, section 2.2.1).
 */

#include <stdint.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

/* Result codes (sqlite3.h's values): the primary ones, then the extended ones Liaison tells apart. */
enum {
    LIAISON_SQLITE_OK = 0,
    LIAISON_SQLITE_ERROR = 1,
    LIAISON_SQLITE_BUSY = 5,
    LIAISON_SQLITE_LOCKED = 6,
    LIAISON_SQLITE_NOMEM = 7,
    LIAISON_SQLITE_INTERRUPT = 9,
    LIAISON_SQLITE_IOERR = 10,
    LIAISON_SQLITE_IOERR_FSYNC = 10 | (4 << 8),
    LIAISON_SQLITE_CONSTRAINT = 19,
    LIAISON_SQLITE_MISUSE = 21,
    LIAISON_SQLITE_ROW = 100,
    LIAISON_SQLITE_DONE = 101,
    LIAISON_SQLITE_BUSY_RECOVERY = 5 | (1 << 8),
    LIAISON_SQLITE_BUSY_SNAPSHOT = 5 | (2 << 8),
    LIAISON_SQLITE_BUSY_TIMEOUT = 5 | (3 << 8),
};

enum {
    LIAISON_SQLITE_INTEGER = 1,
    LIAISON_SQLITE_FLOAT = 2,
    LIAISON_SQLITE_TEXT = 3,
    LIAISON_SQLITE_BLOB = 4,
    LIAISON_SQLITE_NULL = 5,
    LIAISON_SQLITE_OPEN_READWRITE = 0x00000002,
    LIAISON_SQLITE_OPEN_CREATE = 0x00000004,
    LIAISON_SQLITE_OPEN_URI = 0x00000040,
    LIAISON_SQLITE_OPEN_NOMUTEX = 0x00008000,
    LIAISON_SQLITE_OPEN_EXRESCODE = 0x02000000,
    LIAISON_SQLITE_PREPARE_PERSISTENT = 0x01,
    LIAISON_SQLITE_STMTSTATUS_REPREPARE = 5,
};

int sqlite_nio_sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs);
int sqlite_nio_sqlite3_close_v2(sqlite3 *db);
int sqlite_nio_sqlite3_busy_timeout(sqlite3 *db, int ms);
int sqlite_nio_sqlite3_extended_errcode(sqlite3 *db);
const char *sqlite_nio_sqlite3_errmsg(sqlite3 *db);
int sqlite_nio_sqlite3_prepare_v3(sqlite3 *db, const char *sql, int bytes, unsigned int flags,
                                  sqlite3_stmt **statement, const char **tail);
int sqlite_nio_sqlite3_finalize(sqlite3_stmt *statement);
int sqlite_nio_sqlite3_reset(sqlite3_stmt *statement);
int sqlite_nio_sqlite3_clear_bindings(sqlite3_stmt *statement);
int sqlite_nio_sqlite3_step(sqlite3_stmt *statement);
int sqlite_nio_sqlite3_stmt_readonly(sqlite3_stmt *statement);
void sqlite_nio_sqlite3_interrupt(sqlite3 *db);
int sqlite_nio_sqlite3_stmt_status(sqlite3_stmt *statement, int op, int reset);
int sqlite_nio_sqlite3_bind_double(sqlite3_stmt *statement, int index, double value);
int sqlite_nio_sqlite3_bind_int64(sqlite3_stmt *statement, int index, int64_t value);
int sqlite_nio_sqlite3_bind_null(sqlite3_stmt *statement, int index);
int sqlite_nio_sqlite3_bind_text64(sqlite3_stmt *statement, int index, const char *text, uint64_t bytes,
                                   void (*destructor)(void *), unsigned char encoding);
int sqlite_nio_sqlite3_bind_blob64(sqlite3_stmt *statement, int index, const void *bytes, uint64_t count,
                                   void (*destructor)(void *));
void *sqlite_nio_sqlite3_wal_hook(sqlite3 *db, int (*hook)(void *context, sqlite3 *db, const char *name, int frames),
                                  void *context);
int sqlite_nio_sqlite3_column_count(sqlite3_stmt *statement);
const char *sqlite_nio_sqlite3_column_name(sqlite3_stmt *statement, int column);
int sqlite_nio_sqlite3_column_type(sqlite3_stmt *statement, int column);
int64_t sqlite_nio_sqlite3_column_int64(sqlite3_stmt *statement, int column);
double sqlite_nio_sqlite3_column_double(sqlite3_stmt *statement, int column);
const unsigned char *sqlite_nio_sqlite3_column_text(sqlite3_stmt *statement, int column);
const void *sqlite_nio_sqlite3_column_blob(sqlite3_stmt *statement, int column);
int sqlite_nio_sqlite3_column_bytes(sqlite3_stmt *statement, int column);

int sqlite_nio_sqlite3_db_config(sqlite3 *db, int op, ...);

/*
 * The query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG): a statement keeps the plan it was prepared
 * with. Without it, SQLite marks statements whose plan could depend on a bound value (every join with a bound
 * value in its WHERE clause, among others) to be prepared again whenever a value is bound, which defeats keeping
 * prepared statements.
 */
static inline int liaison_sqlite_keep_plans(sqlite3 *db) {
    return sqlite_nio_sqlite3_db_config(db, 1007, 1, (int *)0);
}

/* Text and blobs are copied by SQLite (SQLITE_TRANSIENT), so the caller's buffer may go away after the call. */
static inline int liaison_sqlite_bind_text(sqlite3_stmt *statement, int index, const char *text, uint64_t bytes) {
    return sqlite_nio_sqlite3_bind_text64(statement, index, text, bytes, (void (*)(void *))-1, 1);
}

static inline int liaison_sqlite_bind_blob(sqlite3_stmt *statement, int index, const void *bytes, uint64_t count) {
    return sqlite_nio_sqlite3_bind_blob64(statement, index, bytes, count, (void (*)(void *))-1);
}

/*
 * The name of a VFS that is SQLite's default one, except that writes to a write-ahead log are gathered in memory
 * and reach the file in one call when SQLite syncs the log (or reads it, sizes it, truncates it or closes it).
 * SQLite writes each log frame as two calls (a 24-byte header, then the page), so a commit of 160 pages made 320
 * system calls, each touching two pages of the file partly; measured on this kind of disk, 160 frames written
 * that way and synced took 1.21 ms, written in one call 0.46 ms. Nothing changes for durability: a log frame is
 * only relied on after the sync, and every write before it has reached the file by then.
 *
 * Registers the VFS on first call; answers its name, or NULL when SQLite has no default VFS.
 */
const char *liaison_sqlite_log_buffering_vfs(void);

/*
 * The same VFS, except that the log's syncs after its first are left to the caller: at COMMIT the gathered writes
 * reach the file (so that other connections can read the commit's frames) and SQLite goes on without waiting for
 * the disk. The caller must then sync the log through `liaison_sqlite_log_sync_descriptor` before it tells anyone
 * the commit is durable. The log stays consistent whatever reaches the disk: SQLite's recovery keeps the frames up
 * to the last commit whose frames and checksums are all there, as with `synchronous=NORMAL`.
 */
const char *liaison_sqlite_log_deferred_sync_vfs(void);

/*
 * A new descriptor (the caller closes it) on the log of `db`'s main database, opened through
 * `liaison_sqlite_log_deferred_sync_vfs`, to sync it with; -1 when the log is not open or its syncs are not left to
 * the caller. On the thread that uses `db`.
 */
int liaison_sqlite_log_sync_descriptor(sqlite3 *db);

/*
 * From now on `db`'s log is synced as usual, by SQLite: before the connection is closed, since closing the last
 * connection copies the log into the database (a checkpoint), which must find the log on the disk first.
 */
void liaison_sqlite_log_stop_deferring(sqlite3 *db);

#endif
