//-----------------------------------------------------------------------------
//
//    Declarations of the hand-written implementation functions, in the shape
//    the nanoFramework metadata processor generates them.
//
//-----------------------------------------------------------------------------

#ifndef OTAFIRMWARE_ESP32OTA_OTAFIRMWARE_ESP32OTA_NATIVEOTA_H
#define OTAFIRMWARE_ESP32OTA_OTAFIRMWARE_ESP32OTA_NATIVEOTA_H

namespace OtaFirmware_Esp32Ota
{
    namespace OtaFirmware_Esp32Ota
    {
        struct NativeOta
        {
            // Helper Functions to access fields of managed object
            // Declaration of stubs. These functions are implemented by Interop code developers

            static signed int GetPartitionInfo(signed int param0, CLR_RT_TypedArray_INT32 param1, HRESULT &hr);

            static signed int Erase(signed int param0, signed int param1, signed int param2, HRESULT &hr);

            static signed int Write(
                signed int param0,
                signed int param1,
                CLR_RT_TypedArray_UINT8 param2,
                signed int param3,
                signed int param4,
                HRESULT &hr);

            static signed int Read(
                signed int param0,
                signed int param1,
                CLR_RT_TypedArray_UINT8 param2,
                signed int param3,
                signed int param4,
                HRESULT &hr);

            static signed int SetBootToUpdatePartition(HRESULT &hr);

            static signed int MarkAppValidCancelRollback(HRESULT &hr);

            static signed int MarkAppInvalidRollback(HRESULT &hr);

            static signed int GetRunningImageState(CLR_RT_TypedArray_INT32 param0, HRESULT &hr);

            static signed int GetRunningAppVersion(CLR_RT_TypedArray_UINT8 param0, HRESULT &hr);

            static signed int HashReset(signed int param0, CLR_RT_TypedArray_UINT8 param1, HRESULT &hr);

            static signed int HashAppend(
                signed int param0,
                CLR_RT_TypedArray_UINT8 param1,
                CLR_RT_TypedArray_UINT8 param2,
                signed int param3,
                signed int param4,
                HRESULT &hr);

            static signed int HashFinish(
                signed int param0,
                CLR_RT_TypedArray_UINT8 param1,
                CLR_RT_TypedArray_UINT8 param2,
                signed int param3,
                HRESULT &hr);

            static signed int WriteAndHash(
                signed int param0,
                signed int param1,
                CLR_RT_TypedArray_UINT8 param2,
                signed int param3,
                signed int param4,
                signed int param5,
                signed int param6,
                CLR_RT_TypedArray_UINT8 param7,
                CLR_RT_TypedArray_UINT8 param8,
                HRESULT &hr);

            static signed int VerifySignatureBlock(
                CLR_RT_TypedArray_UINT8 param0,
                signed int param1,
                CLR_RT_TypedArray_UINT8 param2,
                signed int param3,
                HRESULT &hr);

            static signed int GetSecureVersion(CLR_RT_TypedArray_INT32 param0, HRESULT &hr);

            static signed int VerifyEcdsaP256(
                CLR_RT_TypedArray_UINT8 param0,
                signed int param1,
                signed int param2,
                CLR_RT_TypedArray_UINT8 param3,
                signed int param4,
                CLR_RT_TypedArray_UINT8 param5,
                signed int param6,
                signed int param7,
                HRESULT &hr);
        };
    } // namespace OtaFirmware_Esp32Ota
} // namespace OtaFirmware_Esp32Ota

#endif // OTAFIRMWARE_ESP32OTA_OTAFIRMWARE_ESP32OTA_NATIVEOTA_H
