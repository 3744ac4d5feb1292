using System.Text.Json.Nodes;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>
/// Collects field errors in Discord's nested shape: <c>{"0": {"name": {"_errors": [{code, message}]}}}</c>
/// (docs/reference.md, "Error Messages" example).
/// </summary>
internal sealed class FormErrors
{
    private readonly JsonObject _root = new();

    public bool Any => _root.Count > 0;

    public JsonObject Root => _root;

    /// <summary>Adds an error at a path such as <c>["0", "options", "1", "name"]</c>.</summary>
    public void Add(IEnumerable<string> path, string code, string message)
    {
        var node = _root;
        foreach (var segment in path)
        {
            if (node[segment] is not JsonObject child)
            {
                child = new JsonObject();
                node[segment] = child;
            }

            node = child;
        }

        if (node["_errors"] is not JsonArray errors)
        {
            errors = new JsonArray();
            node["_errors"] = errors;
        }

        errors.Add(new JsonObject { ["code"] = code, ["message"] = message });
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw DiscordErrors.InvalidFormBody(_root);
        }
    }
}
