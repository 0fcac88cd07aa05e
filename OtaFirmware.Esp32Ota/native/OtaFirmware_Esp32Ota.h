//-----------------------------------------------------------------------------
//
//    Shape of the file the nanoFramework metadata processor generates for
//    OtaFirmware.Esp32Ota ("Generate stub files"). Regenerate it after any
//    change to NativeOta.cs; do not edit by hand beyond that.
//
//-----------------------------------------------------------------------------

#ifndef OTAFIRMWARE_ESP32OTA_H
#define OTAFIRMWARE_ESP32OTA_H

#include <nanoCLR_Interop.h>
#include <nanoCLR_Runtime.h>
#include <nanoPackStruct.h>

struct Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta
{
    NANOCLR_NATIVE_DECLARE(GetPartitionInfo___STATIC__I4__I4__SZARRAY_I4);
    NANOCLR_NATIVE_DECLARE(Erase___STATIC__I4__I4__I4__I4);
    NANOCLR_NATIVE_DECLARE(Write___STATIC__I4__I4__I4__SZARRAY_U1__I4__I4);
    NANOCLR_NATIVE_DECLARE(Read___STATIC__I4__I4__I4__SZARRAY_U1__I4__I4);
    NANOCLR_NATIVE_DECLARE(SetBootToUpdatePartition___STATIC__I4);
    NANOCLR_NATIVE_DECLARE(MarkAppValidCancelRollback___STATIC__I4);
    NANOCLR_NATIVE_DECLARE(MarkAppInvalidRollback___STATIC__I4);
    NANOCLR_NATIVE_DECLARE(GetRunningImageState___STATIC__I4__SZARRAY_I4);
    NANOCLR_NATIVE_DECLARE(GetRunningAppVersion___STATIC__I4__SZARRAY_U1);
    NANOCLR_NATIVE_DECLARE(HashReset___STATIC__I4__I4__SZARRAY_U1);
    NANOCLR_NATIVE_DECLARE(HashAppend___STATIC__I4__I4__SZARRAY_U1__SZARRAY_U1__I4__I4);
    NANOCLR_NATIVE_DECLARE(HashFinish___STATIC__I4__I4__SZARRAY_U1__SZARRAY_U1__I4);
    NANOCLR_NATIVE_DECLARE(WriteAndHash___STATIC__I4__I4__I4__SZARRAY_U1__I4__I4__I4__I4__SZARRAY_U1__SZARRAY_U1);
    NANOCLR_NATIVE_DECLARE(VerifySignatureBlock___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__I4);
    NANOCLR_NATIVE_DECLARE(GetSecureVersion___STATIC__I4__SZARRAY_I4);
    NANOCLR_NATIVE_DECLARE(VerifyEcdsaP256___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4);

    //--//
};

extern const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_OtaFirmware_Esp32Ota;

#endif // OTAFIRMWARE_ESP32OTA_H
