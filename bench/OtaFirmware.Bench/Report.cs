// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Globalization;
using System.Text;

namespace OtaFirmware.Bench;

/// <summary>One table row: a measured figure beside its reference, the ratio, the target and whether it is met.</summary>
internal sealed record Row(string Figure, string Measured, string Reference, string Ratio, string Target, string Result);

/// <summary>One section of RESULTS.md: a table and notes on method.</summary>
internal sealed class Section
{
    public Section(string title) => Title = title;

    public string Title { get; }

    public List<Row> Rows { get; } = new();

    public List<string> Notes { get; } = new();

    /// <summary>Column headers of the table; null for the standard six (figure, measured, reference, ratio, target, result).</summary>
    public string[]? Columns { get; set; }

    public void Add(string figure, string measured, string reference = "", string ratio = "", string target = "", string result = "") =>
        Rows.Add(new Row(figure, measured, reference, ratio, target, result));

    public void Note(string text) => Notes.Add(text);

    public void Render(StringBuilder md)
    {
        md.AppendLine("## " + Title).AppendLine();
        md.AppendLine("| " + string.Join(" | ", Columns ?? new[] { "Figure", "Measured", "Reference / limit", "Ratio", "Target", "Result" }) + " |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (Row r in Rows)
        {
            md.AppendLine($"| {r.Figure} | {r.Measured} | {r.Reference} | {r.Ratio} | {r.Target} | {r.Result} |");
        }

        md.AppendLine();
        foreach (string note in Notes)
        {
            md.AppendLine("- " + note);
        }

        md.AppendLine();
    }
}

/// <summary>Small formatting and statistics helpers.</summary>
internal static class Fmt
{
    public static string Pass(bool ok) => ok ? "**pass**" : "**FAIL**";

    public static string N(double value, int decimals = 1) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string X(double ratio) => N(ratio, 2) + "x";

    public static string Ms(double ms) => N(ms, 0) + " ms";

    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string Spread(IReadOnlyCollection<double> values, Func<double, string> format) =>
        values.Count <= 1 ? "" : " (min " + format(values.Min()) + ", max " + format(values.Max()) + ")";
}
