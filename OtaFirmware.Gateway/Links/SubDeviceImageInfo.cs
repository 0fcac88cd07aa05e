// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links
{
    /// <summary>One image slot of a sub-device as it reports it (MCUmgr image state entry).</summary>
    public sealed class SubDeviceImageInfo
    {
        /// <summary>Image number (0 when the device has a single image).</summary>
        public int Image { get; set; }

        /// <summary>Slot within the image: 0 primary (running), 1 secondary (upload target).</summary>
        public int Slot { get; set; }

        /// <summary>Version string ("1.2.3" or "1.2.3.4").</summary>
        public string Version { get; set; }

        /// <summary>The device's hash of the image (the handle used to test or confirm it), or null.</summary>
        public byte[] Hash { get; set; }

        /// <summary>The image has its bootable flag.</summary>
        public bool Bootable { get; set; }

        /// <summary>The image is set to be swapped in on the next reset.</summary>
        public bool Pending { get; set; }

        /// <summary>The image is confirmed (will keep running after resets).</summary>
        public bool Confirmed { get; set; }

        /// <summary>The image is the one running now.</summary>
        public bool Active { get; set; }

        /// <summary>The pending image will be made permanent (not just tested) on the next reset.</summary>
        public bool Permanent { get; set; }

        /// <summary>The running image's entry, or null.</summary>
        public static SubDeviceImageInfo FindActive(SubDeviceImageInfo[] images)
        {
            if (images != null)
            {
                for (int i = 0; i < images.Length; i++)
                {
                    if (images[i].Active)
                    {
                        return images[i];
                    }
                }
            }

            return null;
        }

        /// <summary>The entry of <paramref name="slot"/> of image 0, or null.</summary>
        public static SubDeviceImageInfo FindSlot(SubDeviceImageInfo[] images, int slot)
        {
            if (images != null)
            {
                for (int i = 0; i < images.Length; i++)
                {
                    if (images[i].Image == 0 && images[i].Slot == slot)
                    {
                        return images[i];
                    }
                }
            }

            return null;
        }
    }
}
