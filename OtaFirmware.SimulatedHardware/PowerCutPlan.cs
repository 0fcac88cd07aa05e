// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// When a <see cref="NorFlash"/> loses power. Operations are numbered from 1 starting when the plan is set on the
    /// flash; writes and erases always count, reads only when <see cref="CountReads"/>. The power goes either just
    /// before operation <see cref="Operation"/> (nothing of it happens) or inside it: a torn write programs only its
    /// first bytes, a torn erase erases only a prefix of its range and leaves the rest unchanged.
    /// </summary>
    public sealed class PowerCutPlan
    {
        private const int NotTorn = -1;
        private const int SeededTear = -2;

        private readonly int _tornBytes;
        private uint _random;

        private PowerCutPlan(int operation, int tornBytes, int seed, bool countReads)
        {
            if (operation < 1)
            {
                throw new ArgumentOutOfRangeException("operation");
            }

            Operation = operation;
            _tornBytes = tornBytes;
            _random = (uint)seed ^ 0x9E3779B9u;
            CountReads = countReads;
        }

        /// <summary>The 1-based number of the operation the power cut hits.</summary>
        public int Operation { get; private set; }

        /// <summary>True when the cut happens inside the operation (torn) rather than before it.</summary>
        public bool IsTorn
        {
            get { return _tornBytes != NotTorn; }
        }

        /// <summary>True when reads are numbered too (they cannot be torn: a cut read just never happens).</summary>
        public bool CountReads { get; private set; }

        /// <summary>Cuts the power just before operation <paramref name="operation"/>.</summary>
        /// <returns>The plan.</returns>
        public static PowerCutPlan BeforeOperation(int operation)
        {
            return new PowerCutPlan(operation, NotTorn, 0, false);
        }

        /// <summary>Cuts the power just before operation <paramref name="operation"/>, reads numbered too.</summary>
        /// <returns>The plan.</returns>
        public static PowerCutPlan BeforeOperationCountingReads(int operation)
        {
            return new PowerCutPlan(operation, NotTorn, 0, true);
        }

        /// <summary>Cuts the power inside write or erase number <paramref name="operation"/> after
        /// <paramref name="bytesDone"/> bytes (clamped to the operation's length minus one).</summary>
        /// <returns>The plan.</returns>
        public static PowerCutPlan InsideOperation(int operation, int bytesDone)
        {
            if (bytesDone < 0)
            {
                throw new ArgumentOutOfRangeException("bytesDone");
            }

            return new PowerCutPlan(operation, bytesDone, 0, false);
        }

        /// <summary>Cuts the power inside write or erase number <paramref name="operation"/> after a number of bytes
        /// drawn from <paramref name="seed"/> (same seed, same tear).</summary>
        /// <returns>The plan.</returns>
        public static PowerCutPlan InsideOperationSeeded(int operation, int seed)
        {
            return new PowerCutPlan(operation, SeededTear, seed, false);
        }

        /// <summary>How many of <paramref name="length"/> bytes a torn operation completes: 0 .. length - 1.</summary>
        /// <returns>The completed prefix length.</returns>
        internal int TornPrefix(int length)
        {
            if (length <= 1)
            {
                return 0;
            }

            if (_tornBytes != SeededTear)
            {
                return _tornBytes < length ? _tornBytes : length - 1;
            }

            _random = (_random * 1664525u) + 1013904223u;
            return (int)((_random >> 8) % (uint)length);
        }
    }
}
