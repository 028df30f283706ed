"""Ruby hosts: command strings, argv calls, Vagrant provisioners, ENV reads."""

from __future__ import annotations

from .helpers import extract, links, reads

RAKEFILE = """\
# system("docker run --link commented:out x")
task :up do
  system("docker run -d --link db:db --name web app")
  sh 'docker', 'run', '--link', "#{prefix}_db_1:db", image
  execute :docker_run, '--link', "#{container[:name]}:app", 'example/wait'
  out = `docker run --rm --link cache:redis redis redis-cli ping`
  x = %x(docker run --link=q:q img)
  sh %{docker run --link a:b c}
  Open3.capture2({"A" => "1"}, "docker", "run", "--link", "m:n", "img")
  puts "docker run --link mention:only x"
  host = ENV.fetch('DB_PORT_5432_TCP_ADDR', 'localhost')
  y = 10 / 2
  system <<~SH
    docker run \\\\
      --link heredoc:hd img
  SH
  execute :docker, 'run', '--rm',
          '--link', "#{fetch(:project)}_#{svc}_1:#{svc}",
          'example/wait'
end
"""


def test_rakefile() -> None:
    src, facts = extract("ruby", RAKEFILE, "Rakefile")
    assert links(src, facts) == [
        (3, 25, "--link db:db", "db"),
        (4, 24, "--link', \"#{prefix}_db_1:db", "db"),
        (5, 25, "--link', \"#{container[:name]}:app", "app"),
        (6, 26, "--link cache:redis", "redis"),
        (7, 21, "--link=q:q", "q"),
        (8, 19, "--link a:b", "b"),
        (9, 50, '--link", "m:n', "n"),
        (15, 7, "--link heredoc:hd", "hd"),
        (18, 12, "--link', \"#{fetch(:project)}_#{svc}_1:#{svc}", None),
    ]
    assert reads(src, facts) == [(11, 21, "DB_PORT_5432_TCP_ADDR")]
    interpolated = next(x for x in facts.links if x.alias_text == "app")
    assert interpolated.target is not None and interpolated.target.literal is None


def test_vagrantfile() -> None:
    text = (
        'Vagrant.configure("2") do |config|\n'
        '  config.vm.provision "shell", inline: <<-SHELL\n'
        "    docker run -d --link vag:v img\n"
        "  SHELL\n"
        '  config.vm.provision "docker" do |d|\n'
        '    d.run "web", image: "nginx", args: "--link app:app -p 80:80"\n'
        "  end\n"
        "end\n"
    )
    src, facts = extract("ruby", text, "Vagrantfile")
    assert links(src, facts) == [(3, 19, "--link vag:v", "v"), (6, 41, "--link app:app", "app")]
    web = [c for c in facts.containers if c.image is not None and c.image.literal == "nginx"]
    assert web


def test_ruby_expression_in_argv_is_not_a_shell_read() -> None:
    # Found by hypothesis: the stand-in for a Ruby expression argument must not look like
    # a link env var (it was read as `DB_ENV_POSTGRES_USE`, a name written nowhere).
    src, facts = extract("ruby", "execute :docker, 'run', a.DB_ENV_POSTGRES_USER\n")
    assert reads(src, facts) == []
