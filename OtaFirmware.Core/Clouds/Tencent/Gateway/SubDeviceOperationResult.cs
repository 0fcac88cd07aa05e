// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.


namespace OtaFirmware.Clouds.Tencent.Gateway
{
    /// <summary>The cloud's answer for one sub-device in a <c>$gateway/operation/result</c> message.</summary>
    public sealed class SubDeviceOperationResult
    {
        /// <summary>Creates a result.</summary>
        public SubDeviceOperationResult(SubDeviceId device, int resultCode)
        {
            Device = device;
            ResultCode = resultCode;
        }

        /// <summary>The sub-device.</summary>
        public SubDeviceId Device { get; private set; }

        /// <summary>The cloud's result code: 0 accepted, anything else refused (for example not bound to this gateway).</summary>
        public int ResultCode { get; private set; }

        /// <summary>True when the cloud accepted the operation for this sub-device.</summary>
        public bool Accepted
        {
            get { return ResultCode == 0; }
        }
    }
}
