using Gantry.AppModel.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Gantry.AppModel.Yaml;

/// <summary>Turns parser events into a located node tree without recursion, checking keys as they come.</summary>
internal sealed class YamlTreeBuilder(FileErrors errors)
{
    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, (YamlValue Node, long Size)> _anchors = new(StringComparer.Ordinal);
    private int _documents;

    public YamlValue? Root { get; private set; }

    public bool Aborted { get; private set; }

    public (int Line, int Column, char Bracket)? InnermostOpenFlow =>
        _open.FirstOrDefault(f => f.IsFlow) is { } flow ? (flow.Line, flow.Column, flow is MapFrame ? '{' : '[') : null;

    /// <summary>Takes the next event; false when reading should stop.</summary>
    public bool Accept(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart start:
                _documents++;
                if (_documents > 1)
                {
                    errors.Add(Line(start), Column(start), "", "a file holds one YAML document, but a second one starts here ('---')");
                    return false;
                }

                return true;
            case Scalar scalar:
                var node = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, TagOf(scalar), Line(scalar), Column(scalar));
                Remember(scalar, node, 1);
                return Add(node, 1);
            case AnchorAlias alias:
                if (_anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    return Add(anchored.Node, anchored.Size);
                }

                errors.Add(Line(alias), Column(alias), PathOfNextChild(), $"unknown alias '*{alias.Value.Value}': no anchor '&{alias.Value.Value}' is defined before it");
                return Add(new YamlScalar("", true, null, Line(alias), Column(alias)), 1);
            case MappingStart map:
                return Push(new MapFrame(map, PathOfNextChild(), Line(map), Column(map), map.Style == MappingStyle.Flow));
            case SequenceStart list:
                return Push(new ListFrame(list, PathOfNextChild(), Line(list), Column(list), list.Style == SequenceStyle.Flow));
            case MappingEnd or SequenceEnd:
                var frame = _open.Pop();
                var built = frame.Build();
                Remember(frame.Event, built, frame.Size);
                return Add(built, frame.Size);
            default:
                return true;
        }
    }

    private bool Push(Frame frame)
    {
        if (_open.Count >= YamlDocumentReader.MaxDepth)
        {
            errors.Add(frame.Line, frame.Column, frame.Path, $"nesting is deeper than {YamlDocumentReader.MaxDepth} levels");
            Aborted = true;
            return false;
        }

        _open.Push(frame);
        return true;
    }

    private bool Add(YamlValue node, long size)
    {
        if (_open.Count == 0)
        {
            Root = node;
            return true;
        }

        var parent = _open.Peek();
        parent.Size += size;
        if (parent.Size > YamlDocumentReader.MaxExpandedNodes)
        {
            errors.Add(node.Line, node.Column, parent.Path, $"the document expands to more than {YamlDocumentReader.MaxExpandedNodes} nodes through aliases");
            Aborted = true;
            return false;
        }

        parent.Add(node, errors);
        return true;
    }

    private void Remember(NodeEvent e, YamlValue node, long size)
    {
        if (!e.Anchor.IsEmpty)
        {
            _anchors[e.Anchor.Value] = (node, size);
        }
    }

    private string PathOfNextChild() => _open.Count == 0 ? "" : _open.Peek().PathOfNextChild();

    private static string? TagOf(NodeEvent e) => e.Tag.IsEmpty ? null : e.Tag.Value;

    private static int Line(ParsingEvent e) => (int)Math.Clamp(e.Start.Line, 1, int.MaxValue);

    private static int Column(ParsingEvent e) => (int)Math.Clamp(e.Start.Column, 1, int.MaxValue);

    private abstract class Frame(NodeEvent e, string path, int line, int column, bool isFlow)
    {
        public NodeEvent Event { get; } = e;

        public string Path { get; } = path;

        public int Line { get; } = line;

        public int Column { get; } = column;

        public bool IsFlow { get; } = isFlow;

        public long Size { get; set; } = 1;

        public abstract string PathOfNextChild();

        public abstract void Add(YamlValue node, FileErrors errors);

        public abstract YamlValue Build();
    }

    private sealed class MapFrame(NodeEvent e, string path, int line, int column, bool isFlow) : Frame(e, path, line, column, isFlow)
    {
        private readonly List<YamlEntry> _entries = [];
        private readonly Dictionary<string, YamlScalar> _seen = new(StringComparer.Ordinal);
        private YamlValue? _key;
        private bool _keyUsable;

        public override string PathOfNextChild() =>
            _key is YamlScalar key ? FieldPath.Join(Path, key.Value) : Path;

        public override void Add(YamlValue node, FileErrors errors)
        {
            if (_key is null)
            {
                _key = node;
                _keyUsable = CheckKey(node, errors);
                return;
            }

            if (_keyUsable)
            {
                _entries.Add(new YamlEntry((YamlScalar)_key, node));
            }

            _key = null;
        }

        public override YamlValue Build() => new YamlMap(_entries, Line, Column);

        private bool CheckKey(YamlValue key, FileErrors errors)
        {
            if (key is not YamlScalar scalar)
            {
                errors.Add(key, Path, $"a key must be a plain string, not {key.Describe()}");
                return false;
            }

            if (_seen.TryGetValue(scalar.Value, out var first))
            {
                errors.Add(scalar, FieldPath.Join(Path, scalar.Value), $"duplicate key '{scalar.Value}' (first defined at line {first.Line}, column {first.Column})");
                return false;
            }

            _seen.Add(scalar.Value, scalar);
            return true;
        }
    }

    private sealed class ListFrame(NodeEvent e, string path, int line, int column, bool isFlow) : Frame(e, path, line, column, isFlow)
    {
        private readonly List<YamlValue> _items = [];

        public override string PathOfNextChild() => FieldPath.Index(Path, _items.Count);

        public override void Add(YamlValue node, FileErrors errors) => _items.Add(node);

        public override YamlValue Build() => new YamlList(_items, Line, Column);
    }
}
