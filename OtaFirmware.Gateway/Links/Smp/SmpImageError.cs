// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>
    /// Image management group error codes (Zephyr <c>img_mgmt_err_code_t</c>, <c>zephyr/mgmt/mcumgr/grp/img_mgmt/img_mgmt.h</c>):
    /// what an SMP v2 response carries in <c>err: {group: 1, rc}</c>. An SMP v1 request gets the translated MCUmgr
    /// code (<see cref="SmpErrorCode"/>) in <c>rc</c> instead (<c>img_mgmt_translate_error_code</c>). Wire values.
    /// </summary>
    public enum SmpImageError
    {
        /// <summary>IMG_MGMT_ERR_OK.</summary>
        Ok = 0,

        /// <summary>IMG_MGMT_ERR_UNKNOWN.</summary>
        Unknown = 1,

        /// <summary>IMG_MGMT_ERR_NO_IMAGE: no image in the slot.</summary>
        NoImage = 3,

        /// <summary>IMG_MGMT_ERR_NO_TLVS: the image in the slot has no TLVs.</summary>
        NoTlvs = 4,

        /// <summary>IMG_MGMT_ERR_HASH_NOT_FOUND: no image with that hash (or no hash TLV).</summary>
        HashNotFound = 8,

        /// <summary>IMG_MGMT_ERR_NO_FREE_SLOT: the upload slot is pending or holds the image to revert to.</summary>
        NoFreeSlot = 9,

        /// <summary>IMG_MGMT_ERR_FLASH_WRITE_FAILED.</summary>
        FlashWriteFailed = 12,

        /// <summary>IMG_MGMT_ERR_FLASH_ERASE_FAILED.</summary>
        FlashEraseFailed = 13,

        /// <summary>IMG_MGMT_ERR_INVALID_OFFSET: "off" missing.</summary>
        InvalidOffset = 20,

        /// <summary>IMG_MGMT_ERR_INVALID_LENGTH: "len" missing in the first chunk.</summary>
        InvalidLength = 21,

        /// <summary>IMG_MGMT_ERR_INVALID_IMAGE_HEADER: the first chunk is shorter than an image header.</summary>
        InvalidImageHeader = 22,

        /// <summary>IMG_MGMT_ERR_INVALID_IMAGE_HEADER_MAGIC.</summary>
        InvalidImageHeaderMagic = 23,

        /// <summary>IMG_MGMT_ERR_INVALID_HASH: a hash or "sha" of the wrong length.</summary>
        InvalidHash = 24,

        /// <summary>IMG_MGMT_ERR_CURRENT_VERSION_IS_NEWER: "upgrade" was set and the image is not newer than the running one.</summary>
        CurrentVersionIsNewer = 27,

        /// <summary>IMG_MGMT_ERR_IMAGE_ALREADY_PENDING.</summary>
        ImageAlreadyPending = 28,

        /// <summary>IMG_MGMT_ERR_INVALID_IMAGE_TOO_LARGE.</summary>
        InvalidImageTooLarge = 30,

        /// <summary>IMG_MGMT_ERR_INVALID_IMAGE_DATA_OVERRUN: data beyond "len".</summary>
        InvalidImageDataOverrun = 31,

        /// <summary>IMG_MGMT_ERR_IMAGE_SETTING_TEST_TO_ACTIVE_DENIED.</summary>
        ImageSettingTestToActiveDenied = 33,
    }
}
