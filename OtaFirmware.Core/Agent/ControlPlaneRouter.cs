// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;

namespace OtaFirmware.Agent
{
    /// <summary>
    /// The incoming side of one broker connection shared by several agents (the board's <see cref="OtaAgent"/> and,
    /// on a gateway board, the gateway agent): it owns the subscriptions of each <see cref="IMessageSink"/> and hands
    /// every incoming message, with its retain flag, to the sink that subscribed its topic. The device's MQTT
    /// supervisor and the simulator run this same code, so what the simulator tests is the routing that ships.
    /// </summary>
    /// <remarks>
    /// Why a router: a board has one MQTT connection (one client id per device at every cloud), so the board's agent
    /// and the gateway agent share its subscriptions, its acknowledgement count and its reconnects. The transport
    /// subscribes <see cref="Topics"/> after every (re)connect (neither M2Mqtt nor the host client restores
    /// subscriptions) and calls <see cref="Deliver"/> from its receive thread. Filters follow MQTT 3.1.1 §4.7: '+'
    /// matches one level, a trailing '#' the rest; the first route added that matches wins. A message no route matches
    /// is dropped and logged (the broker may still deliver a topic of a previous session). Thread-safe.
    /// </remarks>
    public sealed class ControlPlaneRouter : IMessageSink
    {
        private readonly ArrayList _filters = new ArrayList();
        private readonly ArrayList _sinks = new ArrayList();
        private readonly ILog _log;

        /// <summary>Creates a router without routes.</summary>
        /// <param name="log">Where dropped messages are logged.</param>
        /// <exception cref="ArgumentNullException"><paramref name="log"/> is null.</exception>
        public ControlPlaneRouter(ILog log)
        {
            if (log == null)
            {
                throw new ArgumentNullException("log");
            }

            _log = log;
        }

        /// <summary>Every topic filter routed so far, in the order added: what the transport subscribes after a connect.</summary>
        public string[] Topics
        {
            get
            {
                lock (_filters)
                {
                    string[] topics = new string[_filters.Count];
                    for (int i = 0; i < topics.Length; i++)
                    {
                        topics[i] = (string)_filters[i];
                    }

                    return topics;
                }
            }
        }

        /// <summary>
        /// Routes messages on <paramref name="topicFilter"/> to <paramref name="sink"/>. Routing a filter again points
        /// it at the new sink (an agent built again after a simulated reboot takes over its topics).
        /// </summary>
        /// <param name="topicFilter">An MQTT topic filter.</param>
        /// <param name="sink">The agent that receives the messages.</param>
        /// <returns>True when the filter is new (the caller subscribes it on the live connection); false when it was routed already.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="topicFilter"/> is empty or has a misplaced wildcard.</exception>
        public bool Route(string topicFilter, IMessageSink sink)
        {
            if (topicFilter == null || sink == null)
            {
                throw new ArgumentNullException(topicFilter == null ? "topicFilter" : "sink");
            }

            if (!IsValidFilter(topicFilter))
            {
                throw new ArgumentException("not an MQTT topic filter: " + topicFilter);
            }

            lock (_filters)
            {
                int index = _filters.IndexOf(topicFilter);
                if (index >= 0)
                {
                    _sinks[index] = sink;
                    return false;
                }

                _filters.Add(topicFilter);
                _sinks.Add(sink);
                return true;
            }
        }

        /// <summary>Routes every filter of <paramref name="topicFilters"/> to <paramref name="sink"/> (a dialect's SubscriptionTopics).</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public void RouteAll(string[] topicFilters, IMessageSink sink)
        {
            if (topicFilters == null)
            {
                throw new ArgumentNullException("topicFilters");
            }

            for (int i = 0; i < topicFilters.Length; i++)
            {
                Route(topicFilters[i], sink);
            }
        }

        /// <summary>Hands the message to the sink whose filter matches <paramref name="topic"/>, with its retain flag.
        /// Never throws on bad input; returns at once (the sinks only queue).</summary>
        public void Deliver(string topic, byte[] payload, bool retained)
        {
            if (topic == null || payload == null)
            {
                return;
            }

            IMessageSink sink = null;
            lock (_filters)
            {
                for (int i = 0; i < _filters.Count; i++)
                {
                    if (Matches((string)_filters[i], topic))
                    {
                        sink = (IMessageSink)_sinks[i];
                        break;
                    }
                }
            }

            if (sink == null)
            {
                _log.Write("mqtt: no route for a message on " + topic + "; dropped");
                return;
            }

            sink.Deliver(topic, payload, retained);
        }

        /// <summary>True when the MQTT topic filter <paramref name="filter"/> matches the topic name <paramref name="topic"/>.</summary>
        /// <returns>Whether it matches ('+' one level, trailing '#' any number of levels including none).</returns>
        public static bool Matches(string filter, string topic)
        {
            if (filter == null || topic == null)
            {
                return false;
            }

            int f = 0;
            int t = 0;
            while (f < filter.Length)
            {
                char c = filter[f];
                if (c == '#')
                {
                    // "a/#" also matches "a" (MQTT 3.1.1 §4.7.1.2); a '$' topic never matches a leading wildcard
                    return !(f == 0 && topic.Length > 0 && topic[0] == '$');
                }

                if (c == '+')
                {
                    if (f == 0 && topic.Length > 0 && topic[0] == '$')
                    {
                        return false;
                    }

                    while (t < topic.Length && topic[t] != '/')
                    {
                        t++;
                    }

                    f++;
                    continue;
                }

                if (t >= topic.Length)
                {
                    // the topic ended: only "/#" may follow
                    return c == '/' && f + 2 == filter.Length && filter[f + 1] == '#';
                }

                if (topic[t] != c)
                {
                    return false;
                }

                f++;
                t++;
            }

            return t == topic.Length;
        }

        private static bool IsValidFilter(string filter)
        {
            if (filter.Length == 0)
            {
                return false;
            }

            for (int i = 0; i < filter.Length; i++)
            {
                char c = filter[i];
                bool levelStart = i == 0 || filter[i - 1] == '/';
                bool levelEnd = i == filter.Length - 1 || filter[i + 1] == '/';
                if (c == '+' && !(levelStart && levelEnd))
                {
                    return false;
                }

                if (c == '#' && !(levelStart && i == filter.Length - 1))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
