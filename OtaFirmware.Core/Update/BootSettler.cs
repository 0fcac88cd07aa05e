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
    /// check) is not a failed health check: the bootloader rolled back, but the image may be fine. Given the
    /// <see cref="UpdatePipeline"/>, the settler checks the image still in the passive slot against the device's image
    /// policy (<see cref="UpdatePipeline.CheckImage"/>: the flash may have changed since the first activation) and reads
    /// it back against the job's digests (<see cref="SlotImageCheck"/>); when both pass it activates it once more through
    /// the pipeline (no download) after counting the interrupted trial in the record. Only a failed health check
    /// (<see cref="UpdateError.HealthCheckFailed"/>), a second interrupted trial (<see cref="UpdateError.BootAborted"/>)
    /// or an image the policy refuses (its own error, e.g. <see cref="UpdateError.SignatureInvalid"/>) is final.
    /// </remarks>
    public sealed class BootSettler
    {
        private readonly IFirmwareSlot _slot;
        private readonly UpdateRecord _record;
        private readonly IHealthCheck _healthCheck;
        private readonly ILog _log;
        private readonly UpdatePipeline _pipeline;

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

        /// <summary>Creates a settler that retries an interrupted trial boot once, through <paramref name="pipeline"/>
        /// (built on the same slot and record), after the image in the slot verified again.</summary>
        public BootSettler(IFirmwareSlot slot, UpdateRecord record, IHealthCheck healthCheck, ILog log, UpdatePipeline pipeline)
            : this(slot, record, healthCheck, log)
        {
            if (pipeline == null)
            {
                throw new ArgumentNullException("pipeline");
            }

            _pipeline = pipeline;
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
            UpdateResult final = TryTrialAgain();
            if (final == null)
            {
                return SettleResult.TrialRetried; // only where Reboot returns (never on the device)
            }

            // Kept short: the record keeps 96 characters of the reason (a refusal's own reason is long enough alone).
            string detail = final.Error == UpdateError.BootAborted
                ? version + " reset before confirming: " + final.Detail + "; back on " + running
                : final.Detail;
            _log.Write("settle: " + version + " not tried again: " + detail);
            RecordOutcome(running, final.Error, detail);
            return SettleResult.BootAborted;
        }

        /// <summary>Activates the image of an interrupted trial once more and reboots; else says why that is final
        /// (<see cref="UpdateError.BootAborted"/>, or the policy's refusal).</summary>
        private UpdateResult TryTrialAgain()
        {
            if (_pipeline == null)
            {
                return Final("not retried");
            }

            if (_record.InterruptedTrials > 0)
            {
                return Final("second trial boot interrupted too");
            }

            UpdateJob job = _record.ActivatedJob();
            if (job == null)
            {
                return Final("the record names no image");
            }

            // The policy first: the flash may have changed since the first activation, and only the signature proves
            // where the bytes come from (the clouds' MD5 does not), so an altered image is reported as refused.
            UpdateResult accepted = _pipeline.CheckImage(job);
            if (!accepted.IsOk)
            {
                _log.Write("settle: the image in the slot is refused: " + accepted.ToString());
                return accepted.Error == UpdateError.FlashError ? Final("slot unreadable") : accepted;
            }

            UpdateResult verified = _pipeline.SlotCheck.Check(job);
            if (!verified.IsOk)
            {
                _log.Write("settle: the image in the slot cannot be tried again: " + verified.Detail);
                return Final("slot image no longer verifies");
            }

            RecordStatus counted = _record.TrialInterrupted();
            if (counted != RecordStatus.Ok)
            {
                return Final("record write failed (" + ((int)counted).ToString() + ")");
            }

            UpdateResult activated = _pipeline.ActivateAgain(job);
            if (!activated.IsOk)
            {
                _log.Write("settle: activating it again failed: " + activated.ToString());
                return Final("activation refused");
            }

            _log.Write("settle: the image in the slot still verifies; trying " + job.Version + " once more");
            _slot.Reboot();
            return null;
        }

        private static UpdateResult Final(string reason)
        {
            return UpdateResult.Fail(UpdateError.BootAborted, 0, reason);
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
