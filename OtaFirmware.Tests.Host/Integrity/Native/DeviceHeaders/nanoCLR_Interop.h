// Host type-check declarations in the shape of nf-interpreter src/CLR/Include/nanoCLR_Interop.h (see README.md).
// Checked prototype by prototype against nanoframework/nf-interpreter:
//   src/CLR/Include/nanoCLR_Interop.h @ 13f3345a3e7d286815abde2677ce5fb07426129b: the NANOCLR_* macros (non-Windows,
//     no NANOCLR_TRACE_HRESULT), NANOCLR_NATIVE_DECLARE, CLR_RT_MethodHandler, CLR_RT_NativeAssemblyData field for
//     field, CLR_RT_TypedArray<T> (GetSize/GetBuffer; friends and the other members left out), the UINT8/INT32 array
//     typedefs, Interop_Marshal_INT32, Interop_Marshal_UINT8_ARRAY, Interop_Marshal_INT32_ARRAY, SetResult_INT32.
//   src/CLR/Include/nanoCLR_Types.h (stored versions, newest d53a334733da901c9e1d24e2169fcf4b5e8f5d57):
//     CLR_RECORD_VERSION, four CLR_UINT16 (the newest names; the interop initialises it by position only).
//   Not checked here: HRESULT, S_OK and the CLR_UINT* typedefs come from nanoCLR_PlatformDef.h/nanoCLR_Types.h and
//     platform headers; they are declared with the widths the interop relies on.
#ifndef HOSTCHECK_NANOCLR_INTEROP_H
#define HOSTCHECK_NANOCLR_INTEROP_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t HRESULT;
typedef uint8_t CLR_UINT8;
typedef uint16_t CLR_UINT16;
typedef uint32_t CLR_UINT32;
typedef int32_t CLR_INT32;
#define S_OK ((HRESULT)0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)

struct CLR_RECORD_VERSION
{
    CLR_UINT16 majorVersion;
    CLR_UINT16 minorVersion;
    CLR_UINT16 buildNumber;
    CLR_UINT16 revisionNumber;
};

#define NANOCLR_LEAVE() goto nanoCLR_Cleanup
#define NANOCLR_RETURN() return hr
#define NANOCLR_HEADER() HRESULT hr
#define NANOCLR_CHECK_HRESULT(expr)                                                                                    \
    {                                                                                                                  \
        if (FAILED(hr = (expr)))                                                                                       \
            NANOCLR_LEAVE();                                                                                           \
    }
#define NANOCLR_CLEANUP()                                                                                              \
    hr = S_OK;                                                                                                         \
    nanoCLR_Cleanup:
#define NANOCLR_CLEANUP_END() NANOCLR_RETURN()
#define NANOCLR_NOCLEANUP()                                                                                            \
    NANOCLR_CLEANUP();                                                                                                 \
    NANOCLR_CLEANUP_END()

struct CLR_RT_StackFrame;

#define NANOCLR_NATIVE_DECLARE(mtd) static HRESULT mtd(CLR_RT_StackFrame &stack)

typedef HRESULT (*CLR_RT_MethodHandler)(CLR_RT_StackFrame &stack);

struct CLR_RT_NativeAssemblyData
{
    const char *m_szAssemblyName;
    unsigned int m_checkSum;
    const void *m_pNativeMethods;
    CLR_RECORD_VERSION m_Version;
};

template <class T> class CLR_RT_TypedArray
{
    T *m_pData;
    unsigned int m_ElemCount;

  public:
    CLR_RT_TypedArray()
    {
        m_pData = NULL;
        m_ElemCount = 0;
    }

    unsigned int GetSize()
    {
        return m_ElemCount;
    }

    T *GetBuffer()
    {
        return m_pData;
    }
};

typedef CLR_RT_TypedArray<unsigned char> CLR_RT_TypedArray_UINT8;
typedef CLR_RT_TypedArray<signed int> CLR_RT_TypedArray_INT32;

HRESULT Interop_Marshal_INT32(const CLR_RT_StackFrame &stackFrame, unsigned int paramIndex, signed int &param);
HRESULT Interop_Marshal_UINT8_ARRAY(const CLR_RT_StackFrame &stackFrame, unsigned int paramIndex, CLR_RT_TypedArray_UINT8 &typedArray);
HRESULT Interop_Marshal_INT32_ARRAY(const CLR_RT_StackFrame &stackFrame, unsigned int paramIndex, CLR_RT_TypedArray_INT32 &typedArray);
void SetResult_INT32(CLR_RT_StackFrame &stackFrame, signed int value);

#endif
