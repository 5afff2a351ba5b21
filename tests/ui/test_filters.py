"""The widgets of ui.filters, drawn with Streamlit's AppTest: a page's own choice (url_select) is read
from and written back to the URL, and it survives a change of language like the sidebar's filters,
without ui.filters knowing the page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page_script() -> None:
    import streamlit as st

    from ui.filters import url_language, url_select

    lang = url_language()
    names = {"da": {"a": "æble", "b": "pære"}, "en": {"a": "apple", "b": "pear"}}
    value = url_select("Frugt", ["a", "b"], key="some_page_fruit", param="frugt", default="a", lang=lang,
                       format_func=lambda code: names[lang][code])
    st.text(value)


def test_a_page_choice_comes_from_the_url_and_goes_back_to_it():
    at = AppTest.from_function(_page_script)
    at.query_params["frugt"] = "b"
    at.run()
    assert at.text[0].value == "b"
    at.selectbox(key="some_page_fruit").set_value("a").run()
    assert at.text[0].value == "a" and "frugt" not in at.query_params  # the default: a plain link


def test_an_unknown_value_in_the_url_is_ignored_with_a_notice():
    at = AppTest.from_function(_page_script)
    at.query_params["frugt"] = "[x](y)"
    at.run()
    assert at.text[0].value == "a"
    assert [c.value for c in at.caption] == ["ℹ️ 'frugt=\\[x\\]\\(y\\)' blev ignoreret (ukendt værdi)."]


def test_a_page_choice_survives_a_change_of_language():
    at = AppTest.from_function(_page_script).run()
    # The switch restates every page choice drawn so far (the browser would otherwise send the old
    # language's label and reset it; AppTest keeps values, so the registration is checked too).
    assert at.session_state["f_page_choices"] == {"some_page_fruit"}
    at.selectbox(key="some_page_fruit").set_value("b").run()
    at.selectbox(key="f_lang").set_value("en").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.text[0].value == "b" and at.query_params["frugt"] == "b" and at.query_params["lang"] == "en"
    assert at.selectbox(key="some_page_fruit").options == ["apple", "pear"]
