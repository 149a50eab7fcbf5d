import LiaisonApp

await Liaison.main()
