// Host type-check stand-in: the real header is the whole runtime; the interop needs nothing more from it.
#include "nanoCLR_Interop.h"
