//-----------------------------------------------------------------------------
//
//    Shape of the file the nanoFramework metadata processor generates for
//    OtaFirmware.Esp32Ota. REPLACE IT with the generated one: the checksum
//    below is a placeholder (the real value is computed from the managed
//    assembly's metadata) and the table order must match the metadata
//    (one entry per method of every type, nullptr for managed methods).
//
//-----------------------------------------------------------------------------

#include "OtaFirmware_Esp32Ota.h"

// clang-format off

static const CLR_RT_MethodHandler method_lookup[] =
{
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::GetPartitionInfo___STATIC__I4__I4__SZARRAY_I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::Erase___STATIC__I4__I4__I4__I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::Write___STATIC__I4__I4__I4__SZARRAY_U1__I4__I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::Read___STATIC__I4__I4__I4__SZARRAY_U1__I4__I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::SetBootToUpdatePartition___STATIC__I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::MarkAppValidCancelRollback___STATIC__I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::MarkAppInvalidRollback___STATIC__I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::GetRunningImageState___STATIC__I4__SZARRAY_I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::GetRunningAppVersion___STATIC__I4__SZARRAY_U1,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::HashReset___STATIC__I4__I4__SZARRAY_U1,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::HashAppend___STATIC__I4__I4__SZARRAY_U1__SZARRAY_U1__I4__I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::HashFinish___STATIC__I4__I4__SZARRAY_U1__SZARRAY_U1__I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::WriteAndHash___STATIC__I4__I4__I4__SZARRAY_U1__I4__I4__I4__I4__SZARRAY_U1__SZARRAY_U1,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::VerifySignatureBlock___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::GetSecureVersion___STATIC__I4__SZARRAY_I4,
    Library_OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta::VerifyEcdsaP256___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4,
};

const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_OtaFirmware_Esp32Ota =
{
    "OtaFirmware.Esp32Ota",
    0x00000000, // PLACEHOLDER: use the checksum from the generated stub, or deployment fails
    method_lookup,
    { 1, 4, 0, 0 } // AssemblyNativeVersion
};

// clang-format on
