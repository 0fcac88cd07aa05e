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
            : this(status, -1, deviceCode, detail)
        {
        }

        /// <summary>Creates a result whose device code belongs to a management group (an SMP v2 <c>err: {group, rc}</c>).</summary>
        /// <param name="deviceGroup">The group the code belongs to, or -1 for a general MCUmgr code (SMP v1 "rc").</param>
        public SubDeviceLinkResult(SubDeviceLinkStatus status, int deviceGroup, int deviceCode, string detail)
        {
            Status = status;
            DeviceGroup = deviceGroup;
            DeviceCode = deviceCode;
            Detail = detail;
        }

        /// <summary>The management group <see cref="DeviceCode"/> belongs to (SMP v2 "err"), or -1 when it is a general
        /// MCUmgr code (SMP v1 "rc"): the same number means different things in different groups.</summary>
        public int DeviceGroup { get; private set; }

        /// <summary>What happened.</summary>
        public SubDeviceLinkStatus Status { get; private set; }

        /// <summary>The device's result code (MCUmgr "rc", or the group's code of an SMP v2 "err"), 0 when none.</summary>
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
            return StatusName(Status) + (DeviceGroup >= 0 ? " group=" + DeviceGroup.ToString() : string.Empty)
                + (DeviceCode != 0 ? " rc=" + DeviceCode.ToString() : string.Empty)
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
                case SubDeviceLinkStatus.ImageRejected: return "ImageRejected";
                case SubDeviceLinkStatus.ImageNotNewer: return "ImageNotNewer";
                default: return "Status" + ((int)status).ToString();
            }
        }
    }
}
