// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>The outcome of parsing a partition table: the table, or why not and where.</summary>
    public sealed class PartitionTableResult
    {
        private PartitionTableResult(PartitionTable table, PartitionTableStatus status, int lineNumber, string detail)
        {
            Table = table;
            Status = status;
            LineNumber = lineNumber;
            Detail = detail;
        }

        /// <summary>The parsed table, null when <see cref="Status"/> is not Ok.</summary>
        public PartitionTable Table { get; private set; }

        /// <summary>Ok or the reason for refusing the table.</summary>
        public PartitionTableStatus Status { get; private set; }

        /// <summary>1-based CSV line (or binary entry index + 1) of the problem, 0 when it concerns the whole table.</summary>
        public int LineNumber { get; private set; }

        /// <summary>A short English description.</summary>
        public string Detail { get; private set; }

        /// <summary>True when <see cref="Status"/> is Ok.</summary>
        public bool IsOk
        {
            get { return Status == PartitionTableStatus.Ok; }
        }

        internal static PartitionTableResult Success(PartitionTable table)
        {
            return new PartitionTableResult(table, PartitionTableStatus.Ok, 0, "ok");
        }

        internal static PartitionTableResult Fail(PartitionTableStatus status, int lineNumber, string detail)
        {
            return new PartitionTableResult(null, status, lineNumber, detail);
        }

        /// <inheritdoc />
        public override string ToString()
        {
            return LineNumber == 0 ? Detail : "line " + LineNumber.ToString() + ": " + Detail;
        }
    }
}
