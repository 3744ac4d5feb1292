using Asphalt.Grains.Audio;
using Asphalt.Silo.Audio;

namespace Asphalt.Audio.Tests;

public sealed class AudioOptionsTests
{
    private static AudioNodeOptions Good(string name = "a") => new() { Name = name, Uri = "http://127.0.0.1:2333", Password = "pw", Region = "us-east" };

    [Fact]
    public void No_nodes_is_valid_music_is_simply_off() =>
        Assert.True(new AudioOptionsValidator().Validate(null, new AudioOptions()).Succeeded);

    [Fact]
    public void Bad_nodes_fail_at_start_with_the_key_to_fix()
    {
        var options = new AudioOptions
        {
            Nodes = [Good("a"), Good("a"), new AudioNodeOptions { Name = "b", Uri = "lavalink:2333", Password = "", Region = "" }],
        };

        var result = new AudioOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var message = result.FailureMessage;
        Assert.Contains("Audio:BotUserId", message);
        Assert.Contains("Audio:Nodes:2:Uri", message);
        Assert.Contains("Audio:Nodes:2:Password", message);
        Assert.Contains("Audio:Nodes:2:Region", message);
        Assert.Contains("two nodes named 'a'", message);
        Assert.DoesNotContain("pw", message); // never the password itself
    }
}
