// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;
using OtaFirmware.Flash;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>The outcome of <see cref="Esp32ImageValidator"/>: the image length, or why the image is refused.</summary>
    public sealed class Esp32ImageCheck
    {
        internal Esp32ImageCheck(Esp32ImageStatus status, int length, FlashResult flash, string detail)
        {
            Status = status;
            Length = length;
            Flash = flash;
            Detail = detail;
        }

        /// <summary>Ok or the reason.</summary>
        public Esp32ImageStatus Status { get; private set; }

        /// <summary>Image length in bytes including the checksum padding and the appended hash; 0 when refused.</summary>
        public int Length { get; private set; }

        /// <summary>The failed read (with its esp_err_t) when <see cref="Status"/> is FlashError, otherwise <see cref="FlashResult.Ok"/>.</summary>
        public FlashResult Flash { get; private set; }

        /// <summary>A short English description.</summary>
        public string Detail { get; private set; }

        /// <summary>True when <see cref="Status"/> is Ok.</summary>
        public bool IsOk
        {
            get { return Status == Esp32ImageStatus.Ok; }
        }
    }
}
