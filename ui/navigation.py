"""Where each page's script lives and its address, read by dashboard.py and by links between pages."""

OVERVIEW = "pages/views/forside.py"
GOALS = "pages/views/pejlemaerker.py"
DISTRICTS = "pages/views/bydele.py"
FAMILY_MODEL = "pages/views/koebenhavnermodel.py"
# vision code -> (script, url path)
VISIONS = {
    "V1": ("pages/views/vision_v1.py", "et-vaerdigt-liv"),
    "V2": ("pages/views/vision_v2.py", "et-selvstaendigt-liv"),
    "V3": ("pages/views/vision_v3.py", "en-helstoebt-loesning"),
    "V4": ("pages/views/vision_v4.py", "en-sund-organisation"),
}
MEETING = "pages/views/moede.py"
ABOUT = "pages/views/om_data.py"
ADMIN = "pages/views/admin.py"
MY_UNIT = "pages/views/min_enhed.py"
ACCESSIBILITY = "pages/views/tilgaengelighed.py"

# Every address the app answers at (the unavailable-database page is shown at each of them).
URL_PATHS = ("forside", *(slug for _, slug in VISIONS.values()), "pejlemaerker", "bydele", "koebenhavnermodel",
             "om-data", "moede", "min-enhed", "tilgaengelighed")
