"""Vega-Lite `config.locale`: Danish (decimal comma, thousands dot) by default, British English on request."""

DA_DK = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."], "minus": "\u2212"},
    "time": {
        "dateTime": "%A den %d. %B %Y %X",
        "date": "%d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
        "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
        "months": [
            "januar", "februar", "marts", "april", "maj", "juni",
            "juli", "august", "september", "oktober", "november", "december",
        ],
        "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    },
}

EN_GB = {
    "number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["£", ""], "minus": "\u2212"},
    "time": {
        "dateTime": "%a %e %b %X %Y",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        ],
        "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    },
}


def vega_locale(lang: str) -> dict:
    return EN_GB if lang == "en" else DA_DK
