"""The yardstick for one build: our stack used as its authors intend, doing the least a build does."""

import jinja2
import pydantic
import typer
import yaml

app = typer.Typer()


class Data(pydantic.BaseModel):
    year: int
    name: str


@app.command()
def build(name: str = "城里社区") -> None:
    data = Data.model_validate(yaml.safe_load(f"year: 2020\nname: {name}\n"))
    typer.echo(jinja2.Template("{{ d.name }}{{ d.year }}年工作总结").render(d=data), err=True)


if __name__ == "__main__":
    app()
