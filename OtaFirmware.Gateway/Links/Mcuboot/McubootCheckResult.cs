// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Gateway.Links.Mcuboot
{
    /// <summary>Result of <see cref="McubootImageCheck.Check"/>: status, reason, and on success the image's SHA-256 TLV
    /// (the hash MCUmgr lists for the slot) and version.</summary>
    public sealed class McubootCheckResult
    {
        /// <summary>Creates a result.</summary>
        public McubootCheckResult(McubootCheckStatus status, string detail, byte[] hash, string version)
        {
            Status = status;
            Detail = detail;
            Hash = hash;
            Version = version;
        }

        /// <summary>What the check found.</summary>
        public McubootCheckStatus Status { get; private set; }

        /// <summary>Why the image was refused, or null.</summary>
        public string Detail { get; private set; }

        /// <summary>The value of the SHA-256 TLV (null unless Ok).</summary>
        public byte[] Hash { get; private set; }

        /// <summary>The header's version as Zephyr prints it ("1.2.3", "1.2.3.9" with a build number), or null.</summary>
        public string Version { get; private set; }

        /// <summary>True when <see cref="Status"/> is Ok.</summary>
        public bool IsOk
        {
            get { return Status == McubootCheckStatus.Ok; }
        }
    }
}
