// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links
{
    /// <summary>Result of a sub-device request: a status, the device's own code when it sent one, and a detail text.</summary>
    public sealed class SubDeviceLinkResult
    {
        /// <summary>The shared success result (success allocates nothing).</summary>
        public static readonly SubDeviceLinkResult Success = new SubDeviceLinkResult(SubDeviceLinkStatus.Ok, 0, null);

        /// <summary>Creates a result.</summary>
        public SubDeviceLinkResult(SubDeviceLinkStatus status, int deviceCode, string detail)
        {
            Status = status;
            DeviceCode = deviceCode;
            Detail = detail;
        }

        /// <summary>What happened.</summary>
        public SubDeviceLinkStatus Status { get; private set; }

        /// <summary>The device's result code (MCUmgr "rc" for SMP), 0 when none.</summary>
        public int DeviceCode { get; private set; }

        /// <summary>Human-readable detail (device "rsn", which field was missing), or null.</summary>
        public string Detail { get; private set; }

        /// <summary>True when <see cref="Status"/> is <see cref="SubDeviceLinkStatus.Ok"/>.</summary>
        public bool IsOk
        {
            get { return Status == SubDeviceLinkStatus.Ok; }
        }

        /// <summary>Status name, device code and detail, for logs.</summary>
        public override string ToString()
        {
            return StatusName(Status) + (DeviceCode != 0 ? " rc=" + DeviceCode.ToString() : string.Empty)
                + (Detail != null ? " (" + Detail + ")" : string.Empty);
        }

        /// <summary>Name of a status (Enum.ToString gives the number on nanoFramework).</summary>
        public static string StatusName(SubDeviceLinkStatus status)
        {
            switch (status)
            {
                case SubDeviceLinkStatus.Ok: return "Ok";
                case SubDeviceLinkStatus.NoResponse: return "NoResponse";
                case SubDeviceLinkStatus.DeviceError: return "DeviceError";
                case SubDeviceLinkStatus.BadResponse: return "BadResponse";
                case SubDeviceLinkStatus.ImageNotFound: return "ImageNotFound";
                case SubDeviceLinkStatus.VerificationFailed: return "VerificationFailed";
                case SubDeviceLinkStatus.SourceReadFailed: return "SourceReadFailed";
                case SubDeviceLinkStatus.WrongImageRunning: return "WrongImageRunning";
                default: return "Status" + ((int)status).ToString();
            }
        }
    }
}
