// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.Security;
using OtaFirmware.Update;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// The ESP-IDF v5.5 second-stage bootloader's choice of app (bootloader_utility.c
    /// bootloader_utility_get_selected_boot_partition and load_boot_image, rollback enabled), run on a
    /// <see cref="NorFlash"/> at every simulated reset:
    /// <list type="number">
    /// <item>read the partition table at 0x8000 and the two otadata entries;</item>
    /// <item>every entry whose state is PENDING_VERIFY becomes ABORTED (both sectors, whatever their CRC);</item>
    /// <item>both entries invalid (blank, INVALID or ABORTED): start from factory, else ota_0 (when both are blank or
    /// corrupt, the slot that boots gets entry seq = slot + 1, VALID, in sector 0, as set_actual_ota_seq does);</item>
    /// <item>otherwise the active entry (valid, largest seq, sector 0 on a tie): a NEW entry becomes PENDING_VERIFY;
    /// start from slot (seq - 1) % n, or factory when nothing is active;</item>
    /// <item>try the start slot, then lower slots down to factory, then higher slots: the first image that passes
    /// <see cref="Esp32ImageValidator"/> boots, checked as the bootloader loads it (chip revision from the eFuse, no
    /// segment over the bootloader's own RAM).</item>
    /// </list>
    /// With a <see cref="SimulatedEfuse"/>, two more rules decide whether an image passes, as in ESP-IDF:
    /// <c>esp_app_desc_t.secure_version</c> below the eFuse counter is refused (bootloader_utility.c
    /// <c>check_anti_rollback</c>, CONFIG_BOOTLOADER_APP_ANTI_ROLLBACK), and with secure boot enabled an image whose
    /// Secure Boot v2 signature does not verify with a burned key digest is refused (image_format.c
    /// <c>verify_secure_boot_signature</c>: the signature sector follows the image padded to 4 KiB).
    /// </summary>
    public sealed class SimulatedBootloader
    {
        private readonly NorFlash _flash;
        private readonly int _chipId;
        private readonly Esp32ImageValidator _validator = new Esp32ImageValidator();
        private readonly SimulatedEfuse _efuse;

        /// <summary>A bootloader for <paramref name="flash"/> that accepts images for <paramref name="chipId"/>.</summary>
        public SimulatedBootloader(NorFlash flash, int chipId)
            : this(flash, chipId, new SimulatedEfuse())
        {
        }

        /// <summary>A bootloader that also enforces <paramref name="efuse"/> (anti-rollback counter, secure boot).</summary>
        public SimulatedBootloader(NorFlash flash, int chipId, SimulatedEfuse efuse)
        {
            if (efuse == null)
            {
                throw new ArgumentNullException("efuse");
            }

            _efuse = efuse;
            if (flash == null)
            {
                throw new ArgumentNullException("flash");
            }

            _flash = flash;
            _chipId = chipId;
        }

        /// <summary>RSA-PSS for secure boot (null: a secure-boot chip boots nothing).</summary>
        public IRsaPssVerifier Verifier { get; set; }

        /// <summary>Runs one boot: may rewrite otadata (ABORTED, PENDING_VERIFY, initial entry) like the real bootloader.</summary>
        /// <returns>The app started, or a failure with its reason; the log says what was decided.</returns>
        public BootResult Boot()
        {
            StringBuilder log = new StringBuilder();
            byte[] tableBytes = new byte[PartitionTable.BinaryLength];
            FlashResult status = _flash.Read(PartitionTable.FlashOffset, tableBytes, 0, tableBytes.Length);
            if (!status.IsOk)
            {
                return Fail(null, log, "partition table unreadable: " + status.ToString());
            }

            PartitionTableResult parsed = PartitionTable.ParseBinary(tableBytes, _flash.Size);
            if (!parsed.IsOk)
            {
                return Fail(null, log, "partition table invalid: " + parsed.ToString());
            }

            PartitionTable table = parsed.Table;
            int slotCount = table.OtaSlotCount;
            PartitionEntry factory = table.Find(PartitionEntry.TypeApp, PartitionEntry.SubtypeFactory);
            PartitionEntry otadataPartition = table.Find(PartitionEntry.TypeData, PartitionEntry.SubtypeOtaData);
            Line(log, "partition table: " + table.Count.ToString() + " partitions, " + slotCount.ToString() + " OTA slots" + (factory != null ? ", factory" : string.Empty));

            OtaData otadata = null;
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            if (otadataPartition != null && slotCount > 0)
            {
                otadata = new OtaData(_flash.Window(otadataPartition.Offset, otadataPartition.Size), slotCount);
                status = otadata.ReadEntries(first, second);
                if (!status.IsOk)
                {
                    return Fail(table, log, "otadata unreadable: " + status.ToString());
                }

                Line(log, "otadata[0]: " + Describe(first) + "; otadata[1]: " + Describe(second));
            }

            if (otadata != null)
            {
                // Every PENDING_VERIFY entry is a boot that never confirmed itself: ABORTED, in sector order.
                for (int sector = 0; sector < 2; sector++)
                {
                    OtaSelectEntry pending = Entry(sector, first, second);
                    if (pending.State == ImageState.PendingVerify)
                    {
                        Line(log, "otadata[" + sector.ToString() + "] still PENDING_VERIFY: ABORTED (rollback)");
                        Rewrite(otadata, sector, pending, ImageState.Aborted, log);
                    }
                }
            }

            int start;
            bool initialContents = false;
            if (otadata == null || (first.IsInvalid && second.IsInvalid))
            {
                if (factory != null)
                {
                    start = BootResult.FactorySlot;
                    Line(log, "no usable otadata entry: factory");
                }
                else
                {
                    start = 0;
                    initialContents = otadata != null && IsBlankOrCorrupt(first) && IsBlankOrCorrupt(second);
                    Line(log, "no usable otadata entry, no factory: ota_0");
                }
            }
            else
            {
                int active = OtaData.SelectActive(first, second);
                if (active != -1)
                {
                    OtaSelectEntry entry = Entry(active, first, second);
                    start = otadata.SlotOf(entry);
                    Line(log, "active otadata[" + active.ToString() + "] seq " + entry.Sequence.ToString() + ": ota_" + start.ToString());
                    if (entry.State == ImageState.New)
                    {
                        Line(log, "otadata[" + active.ToString() + "] NEW: PENDING_VERIFY");
                        Rewrite(otadata, active, entry, ImageState.PendingVerify, log);
                    }
                }
                else
                {
                    start = BootResult.FactorySlot;
                    Line(log, "no valid otadata entry: factory");
                }
            }

            for (int index = start; index >= BootResult.FactorySlot; index--)
            {
                BootResult booted = TryBoot(table, index, factory, otadata, first, second, initialContents, log);
                if (booted != null)
                {
                    return booted;
                }
            }

            for (int index = start + 1; index < slotCount; index++)
            {
                BootResult booted = TryBoot(table, index, factory, otadata, first, second, initialContents, log);
                if (booted != null)
                {
                    return booted;
                }
            }

            return Fail(table, log, "no bootable app partition");
        }

        private BootResult TryBoot(PartitionTable table, int index, PartitionEntry factory, OtaData otadata, OtaSelectEntry first, OtaSelectEntry second, bool initialContents, StringBuilder log)
        {
            PartitionEntry partition = index == BootResult.FactorySlot ? factory : table.OtaSlot(index);
            if (partition == null)
            {
                return null;
            }

            FlashWindow window = _flash.Window(partition.Offset, partition.Size);
            Esp32ImageCheck check = _validator.Validate(window, _chipId, _efuse.ChipRevision(_chipId), true);
            if (!check.IsOk)
            {
                Line(log, partition.Name + ": image refused (" + check.Detail + ")");
                return null;
            }

            byte[] head = new byte[Esp32ImageHeader.LengthWithProjectName];
            FlashResult status = window.Read(0, head, 0, head.Length);
            Esp32ImageHeader header = Esp32ImageHeader.Parse(head, 0, status.IsOk ? head.Length : 0);
            string version = header.IsOk ? header.Version : string.Empty;
            string refused = SecurityRefusal(window, check.Length, header);
            if (refused != null)
            {
                Line(log, partition.Name + ": image refused (" + refused + ")");
                return null;
            }

            if (initialContents && index >= 0)
            {
                OtaSelectEntry entry = new OtaSelectEntry();
                entry.Sequence = (uint)index + 1;
                entry.State = ImageState.Valid;
                entry.UpdateCrc();
                Line(log, "blank otadata: otadata[0] seq " + entry.Sequence.ToString() + " VALID");
                status = otadata.WriteEntry(0, entry);
                if (!status.IsOk)
                {
                    Line(log, "otadata write failed: " + status.ToString());
                }
                else
                {
                    first.CopyFrom(entry);
                }
            }

            ImageState state = index >= 0 && otadata != null ? otadata.StateOfSlot(first, second, index) : ImageState.Undefined;
            Line(log, "boot " + partition.Name + " version '" + version + "'");
            return BootResult.Booted(table, partition, index, version, state, log.ToString());
        }

        private string SecurityRefusal(FlashWindow window, int imageLength, Esp32ImageHeader header)
        {
            if (!header.IsOk)
            {
                return _efuse.SecureVersion > 0 || _efuse.SecureBootEnabled ? "app descriptor unreadable" : null;
            }

            if (header.SecureVersion < _efuse.SecureVersion)
            {
                return "anti-rollback: secure_version " + header.SecureVersion.ToString() + " is below the eFuse counter " + _efuse.SecureVersion.ToString();
            }

            return SignatureRefusal(_efuse, Verifier, window, imageLength);
        }

        /// <summary>
        /// The Secure Boot v2 rule of esp_image_format.c (<c>verify_secure_boot_signature</c>, compiled in with
        /// CONFIG_SECURE_BOOT_V2): with secure boot enabled in <paramref name="efuse"/>, the signature sector that follows
        /// the image padded to 4 KiB must hold a block that verifies with a burned key digest. The one owner of the rule
        /// for the simulated chip: the bootloader applies it at every boot, the slot's activation
        /// (esp_ota_set_boot_partition → esp_image_verify) before switching the boot partition.
        /// </summary>
        /// <param name="efuse">The chip's eFuses.</param>
        /// <param name="verifier">RSA-PSS (null: a secure-boot chip accepts nothing).</param>
        /// <param name="window">The app partition.</param>
        /// <param name="imageLength">The image's length without its signature sector (as the image validator measured it).</param>
        /// <returns>Null when the image passes (or secure boot is off); otherwise the reason, starting "secure boot: ".</returns>
        public static string SignatureRefusal(SimulatedEfuse efuse, IRsaPssVerifier verifier, FlashWindow window, int imageLength)
        {
            if (efuse == null || window == null)
            {
                throw new ArgumentNullException();
            }

            if (!efuse.SecureBootEnabled)
            {
                return null;
            }

            if (verifier == null)
            {
                return "secure boot: no signature verifier";
            }

            int fileLength = (((imageLength + SignatureBlock.SectorSize - 1) / SignatureBlock.SectorSize) + 1) * SignatureBlock.SectorSize;
            if (fileLength > window.Size)
            {
                return "secure boot: no room for a signature sector";
            }

            ImageSignatureCheck check = new ImageSignatureCheck(verifier, new Sha256(), efuse.KeyDigests);
            SignatureResult signed = check.Check(window, fileLength, new byte[SignatureBlock.SectorSize]);
            return signed.IsOk ? null : "secure boot: " + signed.Detail;
        }

        private static void Rewrite(OtaData otadata, int sector, OtaSelectEntry entry, ImageState state, StringBuilder log)
        {
            FlashResult status = otadata.RewriteState(sector, entry, state);
            if (!status.IsOk)
            {
                Line(log, "otadata write failed: " + status.ToString());
            }
        }

        private static OtaSelectEntry Entry(int index, OtaSelectEntry first, OtaSelectEntry second)
        {
            return index == 0 ? first : second;
        }

        private static bool IsBlankOrCorrupt(OtaSelectEntry entry)
        {
            return entry.Sequence == 0xFFFFFFFF || !entry.IsCrcValid;
        }

        private static string Describe(OtaSelectEntry entry)
        {
            if (entry.Sequence == 0xFFFFFFFF)
            {
                return "blank";
            }

            return "seq " + entry.Sequence.ToString() + " state " + StateText(entry.State) + (entry.IsCrcValid ? string.Empty : " (bad CRC)");
        }

        private static BootResult Fail(PartitionTable table, StringBuilder log, string reason)
        {
            Line(log, "boot failure: " + reason);
            return BootResult.Failed(table, log.ToString(), reason);
        }

        private static void Line(StringBuilder log, string text)
        {
            log.Append(text);
            log.Append('\n');
        }

        /// <summary>The ESP-IDF name of a state (Enum.ToString is a number on nanoFramework).</summary>
        /// <returns>NEW, PENDING_VERIFY, VALID, INVALID, ABORTED, UNDEFINED or the number.</returns>
        internal static string StateText(ImageState state)
        {
            switch (state)
            {
                case ImageState.New:
                    return "NEW";
                case ImageState.PendingVerify:
                    return "PENDING_VERIFY";
                case ImageState.Valid:
                    return "VALID";
                case ImageState.Invalid:
                    return "INVALID";
                case ImageState.Aborted:
                    return "ABORTED";
                case ImageState.Undefined:
                    return "UNDEFINED";
                default:
                    return ((int)state).ToString();
            }
        }
    }
}
