// libmodbus through pkg-config (see Package.swift). Compound errno macros do not import into
// Swift ("structure not supported"), so they are re-exported here as constants.
#include <modbus.h>
#include <errno.h>

static const int CM_ENOBASE = MODBUS_ENOBASE;
static const int CM_EMBXILFUN = EMBXILFUN;
static const int CM_EMBXILADD = EMBXILADD;
static const int CM_EMBXILVAL = EMBXILVAL;
static const int CM_EMBXSFAIL = EMBXSFAIL;
static const int CM_EMBXSBUSY = EMBXSBUSY;
static const int CM_EMBXGTAR = EMBXGTAR;
static const int CM_EMBBADCRC = EMBBADCRC;
static const int CM_EMBBADDATA = EMBBADDATA;
static const int CM_EMBBADEXC = EMBBADEXC;
static const int CM_EMBUNKEXC = EMBUNKEXC;
static const int CM_EMBMDATA = EMBMDATA;
static const int CM_EMBBADSLAVE = EMBBADSLAVE;

/// errno of the calling thread, read right after a failing libmodbus call.
static inline int cm_errno(void) { return errno; }
