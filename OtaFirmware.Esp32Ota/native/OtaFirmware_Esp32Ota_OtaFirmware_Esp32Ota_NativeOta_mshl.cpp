//-----------------------------------------------------------------------------
//
//    Marshalling glue in the shape the nanoFramework metadata processor
//    generates it. Regenerate it after any change to NativeOta.cs.
//
//-----------------------------------------------------------------------------

#include "OtaFirmware_Esp32Ota.h"
#include "OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta.h"

using namespace OtaFirmware_Esp32Ota::OtaFirmware_Esp32Ota;

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::GetPartitionInfo___STATIC__I4__I4__SZARRAY_I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 0, param0));

        CLR_RT_TypedArray_INT32 param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32_ARRAY(stack, 1, param1));

        signed int retValue = NativeOta::GetPartitionInfo(param0, param1, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::Erase___STATIC__I4__I4__I4__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 0, param0));

        signed int param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 1, param1));

        signed int param2;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 2, param2));

        signed int retValue = NativeOta::Erase(param0, param1, param2, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::Write___STATIC__I4__I4__I4__SZARRAY_U1__I4__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 0, param0));

        signed int param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 1, param1));

        CLR_RT_TypedArray_UINT8 param2;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 2, param2));

        signed int param3;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 3, param3));

        signed int param4;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 4, param4));

        signed int retValue = NativeOta::Write(param0, param1, param2, param3, param4, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::Read___STATIC__I4__I4__I4__SZARRAY_U1__I4__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 0, param0));

        signed int param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 1, param1));

        CLR_RT_TypedArray_UINT8 param2;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 2, param2));

        signed int param3;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 3, param3));

        signed int param4;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 4, param4));

        signed int retValue = NativeOta::Read(param0, param1, param2, param3, param4, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::SetBootToUpdatePartition___STATIC__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int retValue = NativeOta::SetBootToUpdatePartition(hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::MarkAppValidCancelRollback___STATIC__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int retValue = NativeOta::MarkAppValidCancelRollback(hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::MarkAppInvalidRollback___STATIC__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int retValue = NativeOta::MarkAppInvalidRollback(hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::GetRunningImageState___STATIC__I4__SZARRAY_I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        CLR_RT_TypedArray_INT32 param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32_ARRAY(stack, 0, param0));

        signed int retValue = NativeOta::GetRunningImageState(param0, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::GetRunningAppVersion___STATIC__I4__SZARRAY_U1(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        CLR_RT_TypedArray_UINT8 param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 0, param0));

        signed int retValue = NativeOta::GetRunningAppVersion(param0, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::HashReset___STATIC__I4__I4__SZARRAY_U1(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 0, param0));

        CLR_RT_TypedArray_UINT8 param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 1, param1));

        signed int retValue = NativeOta::HashReset(param0, param1, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::HashAppend___STATIC__I4__I4__SZARRAY_U1__SZARRAY_U1__I4__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 0, param0));

        CLR_RT_TypedArray_UINT8 param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 1, param1));

        CLR_RT_TypedArray_UINT8 param2;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 2, param2));

        signed int param3;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 3, param3));

        signed int param4;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 4, param4));

        signed int retValue = NativeOta::HashAppend(param0, param1, param2, param3, param4, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::HashFinish___STATIC__I4__I4__SZARRAY_U1__SZARRAY_U1__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 0, param0));

        CLR_RT_TypedArray_UINT8 param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 1, param1));

        CLR_RT_TypedArray_UINT8 param2;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 2, param2));

        signed int param3;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 3, param3));

        signed int retValue = NativeOta::HashFinish(param0, param1, param2, param3, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::WriteAndHash___STATIC__I4__I4__I4__SZARRAY_U1__I4__I4__I4__I4__SZARRAY_U1__SZARRAY_U1(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        signed int param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 0, param0));

        signed int param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 1, param1));

        CLR_RT_TypedArray_UINT8 param2;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 2, param2));

        signed int param3;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 3, param3));

        signed int param4;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 4, param4));

        signed int param5;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 5, param5));

        signed int param6;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 6, param6));

        CLR_RT_TypedArray_UINT8 param7;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 7, param7));

        CLR_RT_TypedArray_UINT8 param8;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 8, param8));

        signed int retValue = NativeOta::WriteAndHash(param0, param1, param2, param3, param4, param5, param6, param7, param8, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::VerifySignatureBlock___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        CLR_RT_TypedArray_UINT8 param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 0, param0));

        signed int param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 1, param1));

        CLR_RT_TypedArray_UINT8 param2;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 2, param2));

        signed int param3;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 3, param3));

        signed int retValue = NativeOta::VerifySignatureBlock(param0, param1, param2, param3, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::GetSecureVersion___STATIC__I4__SZARRAY_I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        CLR_RT_TypedArray_INT32 param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32_ARRAY(stack, 0, param0));

        signed int retValue = NativeOta::GetSecureVersion(param0, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::VerifyEcdsaP256___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    hr = S_OK;
    {
        CLR_RT_TypedArray_UINT8 param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 0, param0));

        signed int param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 1, param1));

        signed int param2;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 2, param2));

        CLR_RT_TypedArray_UINT8 param3;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 3, param3));

        signed int param4;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 4, param4));

        CLR_RT_TypedArray_UINT8 param5;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 5, param5));

        signed int param6;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 6, param6));

        signed int param7;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 7, param7));

        signed int retValue = NativeOta::VerifyEcdsaP256(param0, param1, param2, param3, param4, param5, param6, param7, hr);
        NANOCLR_CHECK_HRESULT(hr);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}
