// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.CommandLine;
using System.Security.Cryptography;
using OtaFirmware.Host.Signing;

// otafw-sign keygen KEY.pem           a new RSA-3072 signing key (PEM, readable by you only); keep it off every device
// otafw-sign sign --key KEY.pem IN OUT  pad IN to 4 KiB and append a Secure Boot v2 signature sector (espsecure format)
// otafw-sign digest --key KEY.pem       the SHA-256 key digest to put into device_info.json ("signing_key_digests")
var keyArgument = new Argument<FileInfo>("key") { Description = "Where to write the new private key (PEM)" };
var keyOption = new Option<FileInfo>("--key", "-k") { Description = "The private key (PEM, RSA-3072)", Required = true };
var input = new Argument<FileInfo>("input") { Description = "The ESP32 app image to sign" };
var output = new Argument<FileInfo>("output") { Description = "Where to write the signed image" };

var keygen = new Command("keygen", "Generate an RSA-3072 Secure Boot v2 signing key") { keyArgument };
keygen.SetAction(parse =>
{
    FileInfo path = parse.GetValue(keyArgument)!;
    if (path.Exists)
    {
        Console.Error.WriteLine($"{path.FullName} exists; refusing to overwrite a signing key");
        return 2;
    }

    using RSA key = SecureBootSigner.GenerateKey();
    SecureBootSigner.WritePrivateKey(key, path.FullName);
    Console.WriteLine($"RSA-3072 private key written to {path.FullName} (mode 0600). Key digest for the device:");
    Console.WriteLine(Convert.ToHexStringLower(SecureBootSigner.KeyDigest(key)));
    return 0;
});

var sign = new Command("sign", "Sign an app image (Secure Boot v2, RSA-3072 PSS)") { keyOption, input, output };
sign.SetAction(parse =>
{
    try
    {
        using RSA key = SecureBootSigner.ReadPrivateKey(parse.GetValue(keyOption)!.FullName);
        byte[] image = File.ReadAllBytes(parse.GetValue(input)!.FullName);
        byte[] signed = SecureBootSigner.Sign(image, key);
        File.WriteAllBytes(parse.GetValue(output)!.FullName, signed);
        Console.WriteLine($"signed {image.Length} bytes; {signed.Length} bytes written with {SecureBootSigner.CountValidBlocks(signed)} signature block(s)");
        return 0;
    }
    catch (Exception e) when (e is IOException or CryptographicException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
    {
        Console.Error.WriteLine("sign: " + e.Message);
        return 1;
    }
});

var digest = new Command("digest", "Print the public key digest a device must trust") { keyOption };
digest.SetAction(parse =>
{
    try
    {
        using RSA key = SecureBootSigner.ReadPrivateKey(parse.GetValue(keyOption)!.FullName);
        Console.WriteLine(Convert.ToHexStringLower(SecureBootSigner.KeyDigest(key)));
        return 0;
    }
    catch (Exception e) when (e is IOException or CryptographicException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
    {
        Console.Error.WriteLine("digest: " + e.Message);
        return 1;
    }
});

var root = new RootCommand("Sign ESP32 app images for OtaFirmware (ESP-IDF Secure Boot v2 format)") { keygen, sign, digest };
return root.Parse(args).Invoke();
