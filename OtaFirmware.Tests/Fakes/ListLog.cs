// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections;
using OtaFirmware.Agent;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>A log that keeps its lines for assertions.</summary>
    public sealed class ListLog : ILog
    {
        private readonly ArrayList _lines = new ArrayList();

        /// <summary>The lines written so far.</summary>
        public ArrayList Lines
        {
            get { return _lines; }
        }

        /// <inheritdoc />
        public void Write(string line)
        {
            _lines.Add(line);
        }

        /// <summary>True when some line contains <paramref name="text"/>.</summary>
        public bool Contains(string text)
        {
            for (int i = 0; i < _lines.Count; i++)
            {
                if (((string)_lines[i]).IndexOf(text) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>How many lines contain <paramref name="text"/>.</summary>
        public int Count(string text)
        {
            int n = 0;
            for (int i = 0; i < _lines.Count; i++)
            {
                if (((string)_lines[i]).IndexOf(text) >= 0)
                {
                    n++;
                }
            }

            return n;
        }
    }
}
