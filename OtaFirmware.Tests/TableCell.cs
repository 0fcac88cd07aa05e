// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Tests
{
    /// <summary>
    /// Null cells in string tables, written explicitly. A <c>null</c> in an array initializer is not stored (the
    /// compiler skips default values), and on nanoCLR a <c>string[]</c> slot never written does not compare equal to
    /// null with <c>==</c> (and <c>a[i] == "x"</c> on it can crash the runtime). Tables therefore hold
    /// <see cref="Null"/>, and tests read every cell through <see cref="Value"/>.
    /// </summary>
    public static class TableCell
    {
        /// <summary>The marker for a null cell.</summary>
        public const string Null = "<null>";

        /// <summary>The cell's value: null for <see cref="Null"/>, the text otherwise.</summary>
        public static string Value(string cell)
        {
            return cell == Null ? null : cell;
        }
    }
}
