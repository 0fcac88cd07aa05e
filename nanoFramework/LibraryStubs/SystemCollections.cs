// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

// STUB of nanoFramework.System.Collections 1.5.75 (namespace System.Collections): declarations only, for compiling
// against the real mscorlib (which has ArrayList, ICollection, IEnumerable, IList itself). Signatures from
// nanoframework/System.Collections: Hashtable.cs, DictionaryEntry.cs, IDictionary.cs, Queue.cs, Stack.cs.
#pragma warning disable CS1591

namespace System.Collections
{
    public class DictionaryEntry
    {
        public object Key;
        public object Value;

        public DictionaryEntry(object key, object value) { Key = key; Value = value; }
    }

    public interface IDictionary : ICollection
    {
        object this[object key] { get; set; }

        ICollection Keys { get; }

        ICollection Values { get; }

        bool Contains(object key);

        void Add(object key, object value);

        void Clear();

        void Remove(object key);
    }

    public class Hashtable : IDictionary, ICloneable
    {
        public Hashtable() { }

        public Hashtable(int capacity) { }

        public object this[object key] { get { return null; } set { } }

        public ICollection Keys { get { return null; } }

        public ICollection Values { get { return null; } }

        public int Count { get { return 0; } }

        public bool IsSynchronized { get { return false; } }

        public object SyncRoot { get { return this; } }

        public void Add(object key, object value) { }

        public void Clear() { }

        public object Clone() { return null; }

        public bool Contains(object key) { return false; }

        public bool ContainsKey(object key) { return false; }

        public void CopyTo(Array array, int index) { }

        public IEnumerator GetEnumerator() { return null; }

        public void Remove(object key) { }
    }

    public class Queue : ICollection, ICloneable
    {
        public Queue() { }

        public int Count { get { return 0; } }

        public bool IsSynchronized { get { return false; } }

        public object SyncRoot { get { return this; } }

        public void Clear() { }

        public object Clone() { return null; }

        public bool Contains(object obj) { return false; }

        public void CopyTo(Array array, int index) { }

        public object Dequeue() { return null; }

        public void Enqueue(object obj) { }

        public IEnumerator GetEnumerator() { return null; }

        public object Peek() { return null; }

        public object[] ToArray() { return null; }
    }

    public class Stack : ICollection, ICloneable
    {
        public Stack() { }

        public int Count { get { return 0; } }

        public bool IsSynchronized { get { return false; } }

        public object SyncRoot { get { return this; } }

        public void Clear() { }

        public object Clone() { return null; }

        public bool Contains(object obj) { return false; }

        public void CopyTo(Array array, int index) { }

        public IEnumerator GetEnumerator() { return null; }

        public object Peek() { return null; }

        public object Pop() { return null; }

        public void Push(object obj) { }

        public object[] ToArray() { return null; }
    }
}
