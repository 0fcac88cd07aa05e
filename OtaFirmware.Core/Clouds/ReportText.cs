// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Text;
using OtaFirmware.Update;

namespace OtaFirmware.Clouds
{
    /// <summary>The failure text every dialect puts into a report, cut to the clouds' message limit.</summary>
    public static class ReportText
    {
        /// <summary>The result's detail, or <paramref name="fallback"/> when the result is null or has no detail, cut
        /// like <see cref="JsonText.LimitMessage(string)"/>.</summary>
        /// <returns>The text, at most <see cref="JsonText.MaxMessageLength"/> characters.</returns>
        public static string Failure(UpdateResult result, string fallback)
        {
            return JsonText.LimitMessage(result != null && result.Detail != null && result.Detail.Length > 0 ? result.Detail : fallback);
        }
    }
}
