// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>
    /// Redirect rules for firmware sources whose HTTP stack does not follow redirects (nanoFramework's HttpWebRequest
    /// never does): which statuses redirect, how many hops are allowed and where a <c>Location</c> points.
    /// </summary>
    public static class HttpRedirect
    {
        /// <summary>Redirect hops a source follows before it reports the last status as an HTTP error.</summary>
        public const int MaxRedirects = 3;

        /// <summary>Whether <paramref name="statusCode"/> is a redirect a GET may follow.</summary>
        /// <returns>True for 301, 302, 303, 307 and 308.</returns>
        public static bool IsRedirect(int statusCode)
        {
            return statusCode == 301 || statusCode == 302 || statusCode == 303 || statusCode == 307 || statusCode == 308;
        }

        /// <summary>
        /// Resolves a <c>Location</c> header against the URL that returned it: absolute http(s) URLs are used as they
        /// are, <c>//host/path</c> keeps the scheme, <c>/path</c> keeps scheme and authority, and any other relative
        /// reference replaces the last path segment. Query and fragment of the request URL are dropped.
        /// </summary>
        /// <returns>The absolute URL, or null when <paramref name="location"/> is empty, uses another scheme, leads from
        /// https to plain http (no silent TLS downgrade), or <paramref name="requestUrl"/> is not an absolute http(s) URL.</returns>
        public static string Resolve(string requestUrl, string location)
        {
            if (location == null)
            {
                return null;
            }

            string target = location.Trim();
            if (target.Length == 0)
            {
                return null;
            }

            string lower = target.ToLower();
            if (lower.IndexOf("http://") == 0)
            {
                return requestUrl != null && requestUrl.ToLower().IndexOf("https://") == 0 ? null : target;
            }

            if (lower.IndexOf("https://") == 0)
            {
                return target;
            }

            int colon = target.IndexOf(':');
            int firstSlash = target.IndexOf('/');
            if (colon > 0 && (firstSlash < 0 || colon < firstSlash))
            {
                // Another scheme (ftp:, data:, ...): not something a firmware source fetches.
                return null;
            }

            if (requestUrl == null)
            {
                return null;
            }

            string baseLower = requestUrl.ToLower();
            int schemeEnd;
            if (baseLower.IndexOf("https://") == 0)
            {
                schemeEnd = 8;
            }
            else if (baseLower.IndexOf("http://") == 0)
            {
                schemeEnd = 7;
            }
            else
            {
                return null;
            }

            if (target.IndexOf("//") == 0)
            {
                return requestUrl.Substring(0, schemeEnd - 2) + target;
            }

            string path = StripQueryAndFragment(requestUrl);
            int pathStart = path.IndexOf('/', schemeEnd);
            string authority = pathStart < 0 ? path : path.Substring(0, pathStart);
            if (target[0] == '/')
            {
                return authority + target;
            }

            if (pathStart < 0)
            {
                return authority + "/" + target;
            }

            int lastSlash = path.LastIndexOf('/');
            return path.Substring(0, lastSlash + 1) + target;
        }

        private static string StripQueryAndFragment(string url)
        {
            int end = url.Length;
            int query = url.IndexOf('?');
            if (query >= 0 && query < end)
            {
                end = query;
            }

            int fragment = url.IndexOf('#');
            if (fragment >= 0 && fragment < end)
            {
                end = fragment;
            }

            return url.Substring(0, end);
        }
    }
}
