// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Gateway.Links.Mcuboot
{
    /// <summary>
    /// An MCUboot image version (struct image_version: major, minor, revision, build number) with MCUboot's ordering.
    /// imgtool writes <c>1.2.3+9</c> into the header; Zephyr's <c>img_mgmt_ver_str</c> prints it back as <c>1.2.3.9</c>
    /// (and <c>1.2.3</c> when the build number is 0), so a version is parsed from either spelling before comparing.
    /// </summary>
    /// <remarks>The build number is not part of the order, as in MCUboot's and Zephyr's version comparison without
    /// <c>MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER</c> (<c>boot/bootutil/src/bootutil_misc.c</c>, <c>img_mgmt_vercmp</c>).</remarks>
    public sealed class McubootVersion
    {
        /// <summary>Creates a version.</summary>
        public McubootVersion(int major, int minor, int revision, uint build)
        {
            Major = major;
            Minor = minor;
            Revision = revision;
            Build = build;
        }

        /// <summary>iv_major (0..255).</summary>
        public int Major { get; private set; }

        /// <summary>iv_minor (0..255).</summary>
        public int Minor { get; private set; }

        /// <summary>iv_revision (0..65535).</summary>
        public int Revision { get; private set; }

        /// <summary>iv_build_num.</summary>
        public uint Build { get; private set; }

        /// <summary>Formats as Zephyr's <c>img_mgmt_ver_str</c>: "major.minor.revision", plus ".build" when it is not 0.</summary>
        public static string Format(int major, int minor, int revision, uint build)
        {
            return major.ToString() + "." + minor.ToString() + "." + revision.ToString() + (build != 0 ? "." + build.ToString() : string.Empty);
        }

        /// <summary>Parses "1.2", "1.2.3", "1.2.3.9" (Zephyr) or "1.2.3+9" (imgtool).</summary>
        /// <returns>False (and null) for anything else or a field out of range.</returns>
        public static bool TryParse(string text, out McubootVersion version)
        {
            version = null;
            if (text == null)
            {
                return false;
            }

            long[] fields = new long[4];
            int count = 0;
            long value = -1;
            bool buildSeparator = false;
            for (int i = 0; i <= text.Length; i++)
            {
                char c = i < text.Length ? text[i] : '\0';
                if (c >= '0' && c <= '9')
                {
                    value = (value < 0 ? 0 : value * 10) + (c - '0');
                    if (value > uint.MaxValue)
                    {
                        return false;
                    }

                    continue;
                }

                bool plus = c == '+';
                if (value < 0 || count == 4 || (c != '.' && !plus && c != '\0') || (plus && count != 2) || (buildSeparator && c == '.'))
                {
                    return false;
                }

                fields[count++] = value;
                value = -1;
                buildSeparator = buildSeparator || plus;
            }

            if (count < 2 || fields[0] > 255 || fields[1] > 255 || fields[2] > 65535 || (count == 4 && fields[2] < 0))
            {
                return false;
            }

            version = new McubootVersion((int)fields[0], (int)fields[1], count > 2 ? (int)fields[2] : 0, count > 3 ? (uint)fields[3] : 0);
            return true;
        }

        /// <summary>Orders <paramref name="a"/> against <paramref name="b"/> by major, minor, revision (MCUboot's order).</summary>
        /// <returns>Negative, 0 or positive.</returns>
        public static int Compare(McubootVersion a, McubootVersion b)
        {
            if (a.Major != b.Major)
            {
                return a.Major - b.Major;
            }

            if (a.Minor != b.Minor)
            {
                return a.Minor - b.Minor;
            }

            return a.Revision - b.Revision;
        }

        /// <summary>True when both strings parse and name the same version by MCUboot's order ("1.2.3+9" equals
        /// "1.2.3.9" and "1.2.3"); false when either does not parse.</summary>
        public static bool Same(string a, string b)
        {
            McubootVersion x;
            McubootVersion y;
            return TryParse(a, out x) && TryParse(b, out y) && Compare(x, y) == 0;
        }

        /// <summary>Formats as <see cref="Format(int, int, int, uint)"/>.</summary>
        public override string ToString()
        {
            return Format(Major, Minor, Revision, Build);
        }
    }
}
