using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Sandbox;

/// <summary>
/// Reads lines such as <c>/pay user:42 amount:100</c>, sends them to the bot as slash commands from
/// the current user in the current guild, and prints the bot's reply.
/// </summary>
public sealed partial class SandboxConsole(DiscordEmulator emulator, TextReader input, TextWriter output)
{
    private const ulong ManageGuild = 1UL << 5; // Discord permission bit MANAGE_GUILD
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);

    private ulong _userId = 100_000_000_000_000_001;
    private ulong? _guildId = emulator.Guilds.Count > 0 ? emulator.Guilds[0].Id : null;
    private bool _manageGuild;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine("Type a slash command (e.g. /ping), :help for more, :quit to stop.");
        while (!cancellationToken.IsCancellationRequested)
        {
            output.Write(Prompt());
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null) return; // end of input
            line = line.Trim();
            if (line.Length == 0) continue;
            try
            {
                if (line.StartsWith('/')) await SendAsync(line);
                else if (!Control(line)) return;
            }
            catch (Exception e) when (e is TimeoutException or ArgumentException or FormatException or InvalidOperationException)
            {
                output.WriteLine($"! {e.Message}");
            }
        }
    }

    private string Prompt() => _guildId is { } g ? $"user {_userId} in {GuildName(g)}> " : $"user {_userId} in DMs> ";

    private string GuildName(ulong id) => emulator.Guilds.FirstOrDefault(g => g.Id == id)?.Name ?? id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Handles a ':' line; false means quit.</summary>
    private bool Control(string line)
    {
        var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (parts[0])
        {
            case ":quit" or ":q":
                return false;
            case ":guilds":
                for (var i = 0; i < emulator.Guilds.Count; i++)
                    output.WriteLine($"  {i}: {emulator.Guilds[i].Name} ({emulator.Guilds[i].Id})");
                break;
            case ":guild" when parts.Length == 2:
                _guildId = int.TryParse(parts[1], out var index) && index >= 0 && index < emulator.Guilds.Count
                    ? emulator.Guilds[index].Id
                    : emulator.Guilds.FirstOrDefault(g => g.Id.ToString(CultureInfo.InvariantCulture) == parts[1])?.Id
                      ?? throw new ArgumentException($"no guild '{parts[1]}' (see :guilds)");
                break;
            case ":dm":
                _guildId = null;
                break;
            case ":user" when parts.Length == 2 && ulong.TryParse(parts[1], out var user):
                _userId = user;
                break;
            case ":manage" when parts.Length == 2:
                _manageGuild = parts[1] is "on" or "yes" or "true";
                output.WriteLine(_manageGuild ? "  you now have Manage Guild" : "  you no longer have Manage Guild");
                break;
            default:
                output.WriteLine("""
                      /command name:value name:"a value"   send a slash command
                      :guilds                              list the emulated guilds
                      :guild <index|id>   :dm              switch guild / to direct messages
                      :user <id>                           act as another user
                      :manage on|off                       give yourself the Manage Guild permission
                      :quit                                stop everything
                    """);
                break;
        }
        return true;
    }

    private async Task SendAsync(string line)
    {
        var name = line[1..].Split(' ', 2)[0];
        var declared = FindCommand(name) ?? throw new ArgumentException($"the bot has not registered /{name}");
        var options = ParseOptions(line[(1 + name.Length)..], declared);
        var interaction = await emulator.SendSlashCommandAsync(_guildId, _userId, name, options,
            memberPermissions: _manageGuild ? ManageGuild : 0);
        var reply = await interaction.WaitForFinalReplyAsync(ReplyTimeout);
        Print(reply);
    }

    private JsonObject? FindCommand(string name)
    {
        foreach (var scope in new[] { _guildId, null })
            foreach (var command in emulator.RegisteredCommands(scope).OfType<JsonObject>())
                if (command["name"]?.GetValue<string>() == name) return command;
        return null;
    }

    private static List<CommandOptionValue> ParseOptions(string text, JsonObject declared)
    {
        var types = (declared["options"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .ToDictionary(o => o["name"]!.GetValue<string>(), o => o["type"]!.GetValue<int>());
        var values = new List<CommandOptionValue>();
        foreach (Match m in OptionPattern().Matches(text))
        {
            var name = m.Groups["name"].Value;
            var raw = m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Groups["bare"].Value;
            if (!types.TryGetValue(name, out var type)) throw new ArgumentException($"/{declared["name"]} has no option '{name}'");
            values.Add(type switch
            {
                4 => CommandOptionValue.Integer(name, long.Parse(raw, CultureInfo.InvariantCulture)),
                5 => CommandOptionValue.Boolean(name, bool.Parse(raw)),
                6 => CommandOptionValue.User(name, ulong.Parse(raw.Trim('<', '@', '!', '>'), CultureInfo.InvariantCulture)),
                7 => CommandOptionValue.Channel(name, ulong.Parse(raw.Trim('<', '#', '>'), CultureInfo.InvariantCulture)),
                8 => CommandOptionValue.Role(name, ulong.Parse(raw.Trim('<', '@', '&', '>'), CultureInfo.InvariantCulture)),
                10 => CommandOptionValue.Number(name, double.Parse(raw, CultureInfo.InvariantCulture)),
                _ => CommandOptionValue.String(name, raw),
            });
        }
        return values;
    }

    private void Print(InteractionReply reply)
    {
        var prefix = reply.Ephemeral ? "  (only you) " : "  ";
        if (!string.IsNullOrEmpty(reply.Content)) output.WriteLine(prefix + reply.Content);
        foreach (var embed in reply.Embeds.OfType<JsonObject>())
        {
            if (embed["title"]?.GetValue<string>() is { } title) output.WriteLine($"{prefix}┃ {title}");
            if (embed["description"]?.GetValue<string>() is { } description)
                foreach (var l in description.Split('\n')) output.WriteLine($"{prefix}┃ {l}");
            foreach (var field in (embed["fields"] as JsonArray ?? []).OfType<JsonObject>())
                output.WriteLine($"{prefix}┃ {field["name"]?.GetValue<string>()}: {field["value"]?.GetValue<string>()}");
            if (embed["footer"]?["text"]?.GetValue<string>() is { } footer) output.WriteLine($"{prefix}┃ — {footer}");
        }
    }

    [GeneratedRegex("""(?<name>[\w-]+):(?:"(?<quoted>[^"]*)"|(?<bare>\S+))""")]
    private static partial Regex OptionPattern();
}
