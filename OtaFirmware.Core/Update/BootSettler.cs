// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Agent;
using OtaFirmware.Flash;

namespace OtaFirmware.Update
{
    /// <summary>
    /// The first thing every boot does: decides the fate of a newly booted image (confirm after a health check, or
    /// roll back) and turns what happened into an outcome in the <see cref="UpdateRecord"/> that the agent reports to the
    /// cloud. The outcome is saved before anything irreversible, so a power cut anywhere in here still ends in a report.
    /// </summary>
    /// <remarks>
    /// A reset during the trial boot (before the image confirmed itself: a power cut or a crash during the health
    /// check) is not a failed health check: the bootloader rolled back, but the image may be fine. Given a
    /// <see cref="SlotImageCheck"/>, the settler reads the image still in the passive slot back, and when it matches the
    /// job's digests activates it once more (no download) after counting the interrupted trial in the record. Only a
    /// failed health check (<see cref="UpdateError.HealthCheckFailed"/>) or a second interrupted trial
    /// (<see cref="UpdateError.BootAborted"/>) is final.
    /// </remarks>
    public sealed class BootSettler
    {
        private readonly IFirmwareSlot _slot;
        private readonly UpdateRecord _record;
        private readonly IHealthCheck _healthCheck;
        private readonly ILog _log;
        private readonly SlotImageCheck _slotCheck;

        /// <summary>Creates the settler. The record must have been loaded.</summary>
        public BootSettler(IFirmwareSlot slot, UpdateRecord record, IHealthCheck healthCheck, ILog log)
        {
            if (slot == null || record == null || healthCheck == null || log == null)
            {
                throw new ArgumentNullException();
            }

            _slot = slot;
            _record = record;
            _healthCheck = healthCheck;
            _log = log;
        }

        /// <summary>Creates a settler that retries an interrupted trial boot once after <paramref name="slotCheck"/> verified the image in the slot.</summary>
        public BootSettler(IFirmwareSlot slot, UpdateRecord record, IHealthCheck healthCheck, ILog log, SlotImageCheck slotCheck)
            : this(slot, record, healthCheck, log)
        {
            if (slotCheck == null)
            {
                throw new ArgumentNullException("slotCheck");
            }

            _slotCheck = slotCheck;
        }

        /// <summary>Settles the running image. May reboot the device (rollback).</summary>
        /// <returns>Every <see cref="SettleResult"/> value but RolledBack returns; RolledBack returns only where
        /// <see cref="IFirmwareSlot.Reboot"/> returns (never on the device).</returns>
        public SettleResult Settle()
        {
            string running = _slot.RunningVersion;
            bool recordAboutRunning = (_record.State == RecordState.AwaitingConfirm || _record.State == RecordState.Downloading)
                && _record.Version == running;

            if (_slot.RunningState == ImageState.PendingVerify)
            {
                return SettlePendingImage(running, recordAboutRunning);
            }

            if (_record.State != RecordState.AwaitingConfirm)
            {
                return SettleResult.NothingPending;
            }

            if (recordAboutRunning)
            {
                // Confirmed on an earlier boot, power lost before the outcome was journaled.
                RecordOutcome(running, UpdateError.Ok, "version " + running + " confirmed");
                return SettleResult.Confirmed;
            }

            string version = _record.Version;
            _log.Write("settle: image " + version + " was reset before it confirmed itself; the bootloader rolled back to " + running);
            string final = TryTrialAgain();
            if (final == null)
            {
                return SettleResult.TrialRetried; // only where Reboot returns (never on the device)
            }

            // Kept short: the record keeps 96 characters of the reason.
            string detail = version + " reset before confirming: " + final + "; back on " + running;
            _log.Write("settle: " + detail);
            RecordOutcome(running, UpdateError.BootAborted, detail);
            return SettleResult.BootAborted;
        }

        /// <summary>Activates the image of an interrupted trial once more and reboots; else says why that is final.</summary>
        private string TryTrialAgain()
        {
            if (_slotCheck == null)
            {
                return "not retried";
            }

            if (_record.InterruptedTrials > 0)
            {
                return "second trial boot interrupted too";
            }

            UpdateJob job = _record.ActivatedJob();
            UpdateResult verified = job == null ? UpdateResult.Fail(UpdateError.InvalidJob, 0, "the record names no image") : _slotCheck.Check(job);
            if (!verified.IsOk)
            {
                _log.Write("settle: the image in the slot cannot be tried again: " + verified.Detail);
                return "slot image no longer verifies";
            }

            RecordStatus counted = _record.TrialInterrupted();
            if (counted != RecordStatus.Ok)
            {
                return "record write failed (" + ((int)counted).ToString() + ")";
            }

            FlashResult activated = _slot.Activate(job.Size);
            if (!activated.IsOk)
            {
                _log.Write("settle: activating it again failed: " + activated.ToString());
                return "activation refused";
            }

            _log.Write("settle: the image in the slot still verifies; trying " + job.Version + " once more");
            _slot.Reboot();
            return null;
        }

        private SettleResult SettlePendingImage(string running, bool recordAboutRunning)
        {
            string reason;
            bool healthy;
            try
            {
                healthy = _healthCheck.Check(out reason);
            }
            catch (Exception ex)
            {
                healthy = false;
                reason = "health check threw " + ex.Message;
            }

            if (healthy)
            {
                if (!_slot.MarkRunningValid().IsOk)
                {
                    _log.Write("settle: could not mark " + running + " valid; the bootloader will roll back at the next reset");
                    return SettleResult.ConfirmFailed;
                }

                _log.Write("settle: " + running + " passed its health check and is confirmed");
                if (recordAboutRunning)
                {
                    RecordOutcome(running, UpdateError.Ok, "version " + running + " confirmed");
                }

                return SettleResult.Confirmed;
            }

            string previous = recordAboutRunning && _record.State == RecordState.AwaitingConfirm ? _record.PreviousVersion : null;
            string detail = "health check of " + running + " failed: " + (reason == null ? "no reason given" : reason);
            _log.Write("settle: " + detail);
            if (recordAboutRunning)
            {
                RecordOutcome(previous, UpdateError.HealthCheckFailed, detail + "; rolled back");
            }

            if (!_slot.MarkRunningInvalid().IsOk)
            {
                _log.Write("settle: no previous image to roll back to; keeping " + running + " unconfirmed");
                return SettleResult.RollbackImpossible;
            }

            _slot.Reboot();
            return SettleResult.RolledBack;
        }

        private void RecordOutcome(string runningVersion, UpdateError error, string detail)
        {
            RecordStatus status = _record.Settled(runningVersion, error, detail);
            if (status != RecordStatus.Ok)
            {
                _log.Write("settle: could not save the outcome (" + detail + "): record status " + ((int)status).ToString());
            }
        }
    }
}
