// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.IO.Ports;
using System.Threading;
using OtaFirmware.Agent;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;
using nanoFramework.Hardware.Esp32;

namespace OtaFirmware.Device
{
    /// <summary>
    /// <see cref="ISerialPort"/> over a nanoFramework UART (System.IO.Ports, 8N1, no handshake). Reads poll
    /// <see cref="SerialPort.BytesToRead"/> and only read what is there, so a read never blocks past its timeout and
    /// never depends on the port's own TimeoutException; any exception of the port reads as "no bytes" / "lost bytes",
    /// which is what the SMP client retries on.
    /// </summary>
    public sealed class SerialPortLink : ISerialPort, IDisposable
    {
        private const int PollMilliseconds = 2;

        private readonly SerialPort _port;
        private readonly ILog _log;

        private SerialPortLink(SerialPort port, ILog log)
        {
            _port = port;
            _log = log;
        }

        /// <summary>Routes the pins to the UART and opens it.</summary>
        /// <param name="portName">"COM2" or "COM3" (COM1 carries the debugger).</param>
        /// <param name="baudRate">Bits per second.</param>
        /// <param name="rxPin">GPIO wired to the sub-device's TX.</param>
        /// <param name="txPin">GPIO wired to the sub-device's RX.</param>
        /// <param name="log">Where a failure is logged.</param>
        /// <param name="link">The open link, or null.</param>
        /// <returns>Null when open; otherwise why not (the exception's message).</returns>
        public static string TryOpen(string portName, int baudRate, int rxPin, int txPin, ILog log, out SerialPortLink link)
        {
            link = null;
            SerialPort port = null;
            try
            {
                // ESP32: any GPIO can carry any UART signal, but only after it is assigned (COMn = UART n-1)
                nanoFramework.Hardware.Esp32.Configuration.SetPinFunction(rxPin, RxFunction(portName));
                nanoFramework.Hardware.Esp32.Configuration.SetPinFunction(txPin, TxFunction(portName));
                port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One);
                port.Handshake = Handshake.None;
                port.ReadTimeout = 1; // unused: reads only take what BytesToRead reports
                port.Open();
                link = new SerialPortLink(port, log);
                return null;
            }
            catch (Exception ex)
            {
                if (port != null)
                {
                    port.Dispose();
                }

                return ex.Message == null || ex.Message.Length == 0 ? ex.GetType().Name : ex.Message;
            }
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            try
            {
                _port.Write(buffer, offset, count);
            }
            catch (Exception ex)
            {
                // the contract: bytes sent into a broken link are lost silently; the SMP client times out and retries
                _log.Write("serial " + _port.PortName + ": write failed: " + ex.Message);
            }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            if (count <= 0)
            {
                return 0;
            }

            int waited = 0;
            try
            {
                while (true)
                {
                    int available = _port.BytesToRead;
                    if (available > 0)
                    {
                        return _port.Read(buffer, offset, available < count ? available : count);
                    }

                    if (waited >= timeoutMilliseconds)
                    {
                        return 0;
                    }

                    Thread.Sleep(PollMilliseconds);
                    waited += PollMilliseconds;
                }
            }
            catch (Exception ex)
            {
                // a closed port, or the port's TimeoutException: 0 bytes, as the contract says
                _log.Write("serial " + _port.PortName + ": read failed: " + ex.Message);
                return 0;
            }
        }

        /// <summary>Closes the port.</summary>
        public void Dispose()
        {
            _port.Dispose();
        }

        private static DeviceFunction RxFunction(string portName)
        {
            switch (portName[3])
            {
                case '2': return DeviceFunction.COM2_RX;
                case '3': return DeviceFunction.COM3_RX;
                default: throw new ArgumentException("only COM2 and COM3 have ESP32 pin functions", "portName");
            }
        }

        private static DeviceFunction TxFunction(string portName)
        {
            switch (portName[3])
            {
                case '2': return DeviceFunction.COM2_TX;
                case '3': return DeviceFunction.COM3_TX;
                default: throw new ArgumentException("only COM2 and COM3 have ESP32 pin functions", "portName");
            }
        }
    }
}
