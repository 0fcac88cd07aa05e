// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>One row of an ESP-IDF partition table (esp_partition_info_t).</summary>
    public sealed class PartitionEntry
    {
        /// <summary>Type app.</summary>
        public const int TypeApp = 0x00;

        /// <summary>Type data.</summary>
        public const int TypeData = 0x01;

        /// <summary>App subtype factory.</summary>
        public const int SubtypeFactory = 0x00;

        /// <summary>App subtype ota_0 (ota_N is 0x10 + N).</summary>
        public const int SubtypeOtaFirst = 0x10;

        /// <summary>Number of ota_N subtypes (ota_0 .. ota_15).</summary>
        public const int OtaSubtypeCount = 16;

        /// <summary>App subtype test.</summary>
        public const int SubtypeTest = 0x20;

        /// <summary>Data subtype ota (otadata).</summary>
        public const int SubtypeOtaData = 0x00;

        /// <summary>OtaFirmware's custom partition type, in the 0x40-0xFE range ESP-IDF leaves to applications.</summary>
        public const int TypeOtaFirmware = 0x40;

        /// <summary>Subtype of the resume journal (<c>otarec</c>) under <see cref="TypeOtaFirmware"/>.</summary>
        public const int SubtypeResumeJournal = 0x00;

        /// <summary>Subtype of the gateway's staging area (<c>staging</c>) under <see cref="TypeOtaFirmware"/>.</summary>
        public const int SubtypeStaging = 0x01;

        /// <summary>Creates an entry.</summary>
        public PartitionEntry(string name, int type, int subtype, int offset, int size, uint flags)
        {
            Name = name;
            Type = type;
            Subtype = subtype;
            Offset = offset;
            Size = size;
            Flags = flags;
        }

        /// <summary>Label, at most 16 bytes.</summary>
        public string Name { get; private set; }

        /// <summary>Type byte (0 app, 1 data, others custom).</summary>
        public int Type { get; private set; }

        /// <summary>Subtype byte.</summary>
        public int Subtype { get; private set; }

        /// <summary>Start on the flash chip, in bytes.</summary>
        public int Offset { get; private set; }

        /// <summary>Length in bytes.</summary>
        public int Size { get; private set; }

        /// <summary>Flag bits (bit 0 encrypted, bit 1 readonly).</summary>
        public uint Flags { get; private set; }

        /// <summary>The N of an app ota_N partition.</summary>
        /// <returns>0..15, or -1 when this is not an OTA app slot.</returns>
        public int OtaSlotIndex
        {
            get
            {
                if (Type == TypeApp && Subtype >= SubtypeOtaFirst && Subtype < SubtypeOtaFirst + OtaSubtypeCount)
                {
                    return Subtype - SubtypeOtaFirst;
                }

                return -1;
            }
        }

        /// <summary>End on the flash chip (exclusive).</summary>
        public int End
        {
            get { return Offset + Size; }
        }
    }
}
