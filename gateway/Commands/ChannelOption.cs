using System.Globalization;
using System.Text.Json;
using Asphalt.Gateway.Discord.Models;

namespace Asphalt.Gateway.Commands;

/// <summary>A channel picked by the invoker; the value is the channel's snowflake.</summary>
public sealed class ChannelOption(string name, string description, bool required = false) : CommandOption<long>(name, description, required)
{
    public override ApplicationCommandOptionType Type => ApplicationCommandOptionType.Channel;

    public override ApplicationCommandOptionPayload ToPayload() => Payload();

    public override bool TryParse(JsonElement value, out object? parsed, out string? error)
    {
        parsed = null;
        if (value.ValueKind != JsonValueKind.String || !long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            error = $"`{Name}` must be a channel.";
            return false;
        }
        parsed = id;
        error = null;
        return true;
    }
}
