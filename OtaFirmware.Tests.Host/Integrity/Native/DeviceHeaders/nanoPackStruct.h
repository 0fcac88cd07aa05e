// Host type-check stand-in (packing macros, unused by the interop).
