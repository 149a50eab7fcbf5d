/* Declarations only: the functions are SQLiteNIO's SQLite (see include/CLiaisonSQLite.h). */
#include "CLiaisonSQLite.h"
